/** Micro-timings of the codec and fold hot paths (for profiling work; not part of `pnpm bench`). */
import * as E from 'fp-ts/lib/Either.js';
import { evolve, initialState, parseCommand, parseEvent, replay, type DisputeEvent } from '@disputekit/core';
import { decideAll, disputeCommands, longStream, decodeAll } from '../src/workload';

const time = (label: string, n: number, f: () => void, reps = 5) => {
  const results: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    f();
    results.push(performance.now() - t);
  }
  results.sort((a, b) => a - b);
  console.log(`${label.padEnd(40)} ${((results[reps >> 1]! * 1000) / n).toFixed(3)} µs/op`);
};
const { stored } = longStream(10_000);
const inputs = stored.map((s) => ({ type: s.type, data: s.data }));
time('parseEvent (long stream)', inputs.length, () => { for (const i of inputs) if (E.isLeft(parseEvent(i))) throw new Error('bad'); });
const typed = decodeAll(stored);
time('replay (long stream 10k)', typed.length, () => { replay(typed); });
const short = Array.from({ length: 2000 }, (_, i) => decideAll(disputeCommands('m', i)));
const shortEvents = short.flatMap((s) => s.events);
time('replay (workload disputes)', shortEvents.length, () => { for (const s of short) replay(s.events); });
const shortStored = shortEvents.map((e) => JSON.parse(JSON.stringify(e)) as unknown);
time('parseEvent (workload events)', shortStored.length, () => { for (const i of shortStored) if (E.isLeft(parseEvent(i))) throw new Error('bad'); });
const commands = Array.from({ length: 2000 }, (_, i) => disputeCommands('m', i)).flat();
time('parseCommand (workload)', commands.length, () => { for (const c of commands) if (E.isLeft(parseCommand(c))) throw new Error('bad'); });
void evolve; void initialState; void (null as unknown as DisputeEvent);
