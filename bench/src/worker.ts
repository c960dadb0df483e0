/**
 * Measures one contender of one figure in this (fresh) process and prints `RESULT {json}`.
 * Usage: node --import tsx src/worker.ts <figure id> <contender name>
 */
import { allFigures } from './figures/index';
import { measure, type Measurement } from './harness';

const [figureId, contenderName] = process.argv.slice(2);
const figure = allFigures.find((f) => f.id === figureId);
const contender = figure?.contenders.find((c) => c.name === contenderName);
if (figure === undefined || contender === undefined) {
  console.error(`worker: no figure ${figureId} with contender ${contenderName}`);
  process.exit(2);
}
try {
  const result: Measurement = await measure(figure, contender);
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exit(0);
} catch (error) {
  const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.log(`RESULT ${JSON.stringify({ figure: figure.id, contender: contender.name, kind: contender.kind, status: 'failed', reason })}`);
  process.exit(1);
}
