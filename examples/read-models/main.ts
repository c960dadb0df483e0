import { runReadModelsDemo } from './readModelsDemo';

/** Runs the read-models demo and prints the read models. */
await runReadModelsDemo((line) => console.log(line));
