import { runSeedStory } from './seedStory';

/** Prints the seed's story, event by event. */
const state = runSeedStory((line) => console.log(line));
console.log(`\nFinal status: ${state.status}${state.status === 'CLOSED' ? ` (${state.outcome})` : ''}`);
