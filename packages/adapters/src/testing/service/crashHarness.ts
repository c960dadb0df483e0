import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { createDisputeService, decide, disputeStreamId, encodeEvent, initialState, isDisputeStreamId, isOrderGuardStreamId, orderGuardStreamId, parseCommand, replay, type DisputeState, type EventStore, type RecordedDisputeEvent } from '@disputekit/core';
import { parseOrderGuardEvent } from '@disputekit/core/internal';
import { prng } from './concurrencyWorkload';
import { CRASH_WORKERS, crashCommand, crashCommandId, parseCrashCommandId } from './crashScript';
import { openCrashStore, type CrashStoreSpec } from './crashStores';
import { auditLog, readWholeLog } from './storedHistories';

/** How a crash run goes. */
export interface CrashRunOptions {
  readonly spec: CrashStoreSpec;
  readonly kills: number;
  readonly seed: number;
  /**
   * The child is killed once it has finished this many commands in its life (drawn from the
   * seeded generator, uniformly in the range): a fixed amount of work, however fast the machine.
   */
  readonly killAfterCommands: readonly [number, number];
  /** Pause after each guard append in the child (see crashWorker). */
  readonly slowGuardMs: number;
  /**
   * Whether the child's service may use the store's `appendToStreams` (default true). With false it
   * writes one stream at a time, as on EventStoreDB, so kills can fall between a reservation and
   * its DisputeOpened and the repair protocol is exercised.
   */
  readonly multiStream?: boolean;
  /** Waits, after each kill, until the store has noticed (PostgreSQL: the child's sessions are gone). */
  readonly settle?: () => Promise<void>;
}

/** What a crash run saw. */
export interface CrashRunReport {
  readonly problems: ReadonlyArray<string>;
  readonly kills: number;
  /** Commands the child finished, over all its lives. */
  readonly commandsDone: number;
  /** Commands the schedule asked the child to finish before each kill, summed over its lives. */
  readonly commandsPlanned: number;
  /** Commands in flight when the child was killed. */
  readonly inFlightAtKill: number;
  /** In-flight commands whose events were stored although the child never saw the reply. */
  readonly storedWithoutReply: number;
  /** Openings found interrupted between the guard's reservation and DisputeOpened. */
  readonly interruptedOpenings: number;
}

const ADAPTERS_DIR = resolve(__dirname, '..', '..', '..');
const WORKER = join(__dirname, 'crashWorker.ts');

interface ChildLife {
  readonly sent: Map<number, number>;
  readonly done: Map<number, number>;
  readonly failures: string[];
}

/** How long a child may take to start or to finish its commands before it is taken for hung (a loaded machine starts tsx slowly). */
const HANG_MS = 120_000;

/** Runs the child until it has finished `commands` commands, then SIGKILLs it (whatever it is doing then). */
const liveAndDie = (spec: CrashStoreSpec, starts: ReadonlyArray<number>, commands: number, slowGuardMs: number, multiStream: boolean): Promise<ChildLife> =>
  new Promise((resolvePromise, reject) => {
    const args = [WORKER, JSON.stringify(spec), JSON.stringify(starts), String(slowGuardMs), multiStream ? 'multi-stream' : 'one-stream'];
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ADAPTERS_DIR,
      env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const life: ChildLife = { sent: new Map(), done: new Map(), failures: [] };
    let buffer = '';
    let stderr = '';
    let killed = false;
    let finished = 0;
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the crash child finished ${finished} of ${commands} commands in ${HANG_MS} ms (hung?): ${stderr}`));
    }, HANG_MS);
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [what, w, k, result] = line.split(' ');
        if (what === 'sent') life.sent.set(Number(w), Number(k));
        else if (what === 'done') {
          life.done.set(Number(w), Number(k));
          if (result !== 'ok') life.failures.push(`${crashCommandId(Number(w), Number(k))} failed in the child: ${result}`);
          finished += 1;
          if (finished === commands && !killed) {
            clearTimeout(timeout);
            killed = true;
            child.kill('SIGKILL');
          }
        }
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timeout);
      if (killed && signal === 'SIGKILL') resolvePromise(life);
      else reject(new Error(`the crash child exited by itself (${code ?? signal}): ${stderr}`));
    });
  });

/**
 * Checks that every stored command is whole: its events are exactly what `decide` gives for it
 * against the events before it (all of them, or it is absent).
 */
const checkWholeCommands = (streamId: string, records: ReadonlyArray<RecordedDisputeEvent>, problems: string[]): void => {
  let state: DisputeState = initialState;
  let i = 0;
  while (i < records.length) {
    const commandId = records[i]!.metadata.commandId;
    let j = i;
    while (j < records.length && records[j]!.metadata.commandId === commandId) j++;
    const group = records.slice(i, j).map((r) => r.event);
    const id = parseCrashCommandId(commandId);
    const command = id === undefined ? undefined : parseCommand(crashCommand(id.worker, id.k));
    if (command === undefined || E.isLeft(command)) problems.push(`${streamId}: unknown command ${commandId}`);
    else {
      const decided = decide(command.right, state);
      if (E.isLeft(decided)) problems.push(`${streamId}: ${commandId} is stored but its decision is ${decided.left._tag}`);
      else if (JSON.stringify(decided.right.map(encodeEvent)) !== JSON.stringify(group.map(encodeEvent))) {
        problems.push(`${streamId}: ${commandId} stored ${group.length} events, its decision has ${decided.right.length} (or they differ)`);
      }
    }
    state = replay(group, state);
    i = j;
  }
};

/** The commands whose opening is reserved in a guard stream but not in its dispute stream. */
const interruptedOpeningsOf = (log: Awaited<ReturnType<typeof readWholeLog>>): ReadonlyArray<string> => {
  const disputeStreams = new Set(log.filter((e) => isDisputeStreamId(e.streamId)).map((e) => e.streamId));
  const released = new Set<string>();
  const reserved: Array<{ disputeId: string; commandId: string }> = [];
  for (const event of log) {
    if (!isOrderGuardStreamId(event.streamId)) continue;
    const decoded = parseOrderGuardEvent(event);
    if (E.isLeft(decoded)) continue; // auditLog reports it
    if (decoded.right.type === 'OrderDisputeReleased') released.add(decoded.right.data.disputeId);
    else reserved.push({ disputeId: decoded.right.data.disputeId, commandId: decoded.right.data.commandId });
  }
  return reserved.filter((r) => !released.has(r.disputeId) && !disputeStreams.has(disputeStreamId(r.disputeId))).map((r) => r.commandId);
};

/** Events in the streams a command touches (its dispute and its order's guard), read directly: `readAll` may lag behind commits. */
const eventsAround = async (store: EventStore, command: Record<string, unknown>) => {
  const orderId = (command.order as { orderId?: string } | undefined)?.orderId ?? /^(o\d+-\d+)-[ab]$/.exec(String(command.disputeId))?.[1];
  const events = [];
  for (const streamId of [disputeStreamId(String(command.disputeId)), orderGuardStreamId(String(orderId))]) {
    const read = await store.readStream(streamId);
    if (E.isLeft(read)) throw new Error(`reading ${streamId}: ${read.left.message}`);
    events.push(...read.right);
  }
  return events;
};

/** Re-sends a command after the crash: if its events were stored it must append nothing; a second re-send never appends. */
const resend = async (store: EventStore, worker: number, k: number, problems: string[]): Promise<'stored' | 'applied'> => {
  const service = createDisputeService({ store });
  const command = crashCommand(worker, k);
  const commandId = crashCommandId(worker, k);
  const disputeEvents = (events: Awaited<ReturnType<typeof eventsAround>>) => events.filter((e) => isDisputeStreamId(e.streamId)).length;
  const before = await eventsAround(store, command);
  const wasStored = before.some((e) => isDisputeStreamId(e.streamId) && e.metadata.commandId === commandId);
  const first = await service.handle(command);
  const afterFirstEvents = await eventsAround(store, command);
  const afterFirst = afterFirstEvents.length;
  if (E.isLeft(first)) problems.push(`re-sending ${commandId}: ${first.left._tag} ${first.left.message}`);
  // (A lost guard release may be recorded by this re-send: that is the repair, not a new dispute event.)
  else if (wasStored && (!first.right.alreadyApplied || disputeEvents(afterFirstEvents) !== disputeEvents(before))) {
    problems.push(`re-sending ${commandId}, whose events were stored, appended ${disputeEvents(afterFirstEvents) - disputeEvents(before)} events`);
  }
  const second = await service.handle(command);
  const afterSecond = (await eventsAround(store, command)).length;
  if (E.isLeft(second) || !second.right.alreadyApplied || afterSecond !== afterFirst) {
    problems.push(`re-sending ${commandId} a second time was not a no-op (${E.isLeft(second) ? second.left._tag : `${afterSecond - afterFirst} new events`})`);
  }
  return wasStored ? 'stored' : 'applied';
};

/**
 * Starts the child, kills it with SIGKILL once it has finished a seeded number of commands (a
 * fixed amount of work, whatever the machine's speed), checks the store, re-sends what was
 * in flight, and starts the child again where it stopped — `kills` times. After each kill: the
 * whole log passes `auditLog` (versions 1..n, checkHistory, deterministic ids, M5, guard events
 * decode); every stored command is whole; an opening may be interrupted only for a command that was
 * in flight; re-sending an in-flight command whose events are stored appends nothing, and re-sending
 * any command a second time (or the last finished one) appends nothing.
 */
export const runCrashCycles = async (options: CrashRunOptions): Promise<CrashRunReport> => {
  const problems: string[] = [];
  const random = prng(options.seed);
  const starts = Array.from({ length: CRASH_WORKERS }, () => 0);
  let commandsDone = 0;
  let commandsPlanned = 0;
  let inFlightAtKill = 0;
  let storedWithoutReply = 0;
  let interruptedOpenings = 0;
  for (let kill = 0; kill < options.kills; kill++) {
    const [min, max] = options.killAfterCommands;
    const commands = min + Math.floor(random() * (max - min + 1));
    commandsPlanned += commands;
    const life = await liveAndDie(options.spec, starts, commands, options.slowGuardMs, options.multiStream ?? true);
    problems.push(...life.failures);
    await options.settle?.();
    const store = await openCrashStore(options.spec);
    try {
      const log = await readWholeLog(store);
      const audit = auditLog(log);
      problems.push(...audit.problems.map((p) => `after kill ${kill + 1}: ${p}`));
      for (const [streamId, records] of audit.disputes) checkWholeCommands(streamId, records, problems);
      const inFlight = new Map<number, number>();
      for (let w = 0; w < CRASH_WORKERS; w++) {
        const sent = life.sent.get(w);
        const done = life.done.get(w);
        commandsDone += done === undefined ? 0 : done - starts[w]! + 1;
        if (sent !== undefined && sent !== done) inFlight.set(w, sent);
      }
      const interrupted = interruptedOpeningsOf(log);
      interruptedOpenings += interrupted.length;
      const inFlightIds = new Set([...inFlight].map(([w, k]) => crashCommandId(w, k)));
      for (const commandId of interrupted) {
        if (!inFlightIds.has(commandId)) problems.push(`after kill ${kill + 1}: the opening of ${commandId} is interrupted, but it was not in flight`);
      }
      inFlightAtKill += inFlight.size;
      for (let w = 0; w < CRASH_WORKERS; w++) {
        const k = inFlight.get(w);
        if (k !== undefined) {
          if ((await resend(store, w, k, problems)) === 'stored') storedWithoutReply += 1;
          starts[w] = k + 1;
        } else {
          const done = life.done.get(w);
          if (done !== undefined) {
            await resend(store, w, done, problems);
            starts[w] = done + 1;
          }
        }
      }
      const repaired = interruptedOpeningsOf(await readWholeLog(store));
      if (repaired.length > 0) problems.push(`after kill ${kill + 1}: openings still interrupted after the re-sends: ${repaired.join(', ')}`);
    } finally {
      await store.close();
    }
  }
  return { problems, kills: options.kills, commandsDone, commandsPlanned, inFlightAtKill, storedWithoutReply, interruptedOpenings };
};
