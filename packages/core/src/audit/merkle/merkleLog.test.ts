import { generateKeyPairSync } from 'node:crypto';
import { fixedClock } from '../../clock/clock';
import * as E from 'fp-ts/lib/Either.js';
import type { EventStore, ReadAllOptions } from '../../eventStore/eventStore';
import { createDisputeService } from '../../service/disputeService';
import { cancelJson, messageJson, openJson } from '../../testing/internal/commandJson';
import { createTestStore, type TestStore } from '../../testing/internal/testStore';
import { createLogVerifier } from '../logVerifier';
import { checkpointSignatureProblem, ed25519PrivateKey, ed25519PublicKey, signCheckpoint } from './checkpoint';
import { formatCheckpoint, parseCheckpoint } from './checkpointFile';
import { buildDisputeProof, formatDisputeProof, parseDisputeProof, ProofError, verifyDisputeProof } from './disputeProof';
import { eventLeafHash } from './logLeaf';
import { firstChange, LogTreeRecorder, rootOfLeaves } from './logAgainstCheckpoint';
import { createMerkleLog, TreeDiverged } from './merkleLog';
import { verifyConsistency, verifyInclusion } from './proofs';
import { StrictJsonError } from './strictJson';
import { createInMemoryTreeStore } from './treeStore';
import { rootOfLeafHashes } from './treeHash';

/** A store with some disputes in it, written by the service (guards and hash chains included). */
const populated = async (disputes: number): Promise<TestStore> => {
  const store = createTestStore({ multiStream: true });
  const service = createDisputeService({ store, clock: fixedClock('2026-04-01T12:00:00.000Z') });
  for (let i = 0; i < disputes; i++) {
    const disputeId = `d${i}`;
    const handled = [
      await service.handle(openJson({ disputeId, commandId: `${disputeId}-open`, orderId: `o${i}` })),
      await service.handle(messageJson({ disputeId, commandId: `${disputeId}-msg` })),
      i % 2 === 0 ? await service.handle(cancelJson({ disputeId, commandId: `${disputeId}-cancel`, day: 6 })) : E.right(undefined),
    ];
    for (const result of handled) expect(E.isRight(result)).toBe(true);
  }
  return store;
};

/** Counts the events a store hands out through `readAll`. */
const counting = (store: EventStore): EventStore & { read: number } => {
  const wrapped = {
    ...store,
    read: 0,
    readAll: async (options?: ReadAllOptions) => {
      const page = await store.readAll(options);
      if (E.isRight(page)) wrapped.read += page.right.length;
      return page;
    },
  };
  return wrapped;
};

const keys = () => generateKeyPairSync('ed25519');

describe('the Merkle log over an event store', () => {
  it('catches up incrementally: a second checkpoint reads only the new events, and both roots are the RFC root of all leaves', async () => {
    const store = await populated(6);
    const events = counting(store);
    const log = createMerkleLog({ events, tree: createInMemoryTreeStore(), batchSize: 7 });
    const first = await log.catchUp();
    expect(first.size).toBe(store.log.length);
    expect(first.rootHash).toEqual(rootOfLeafHashes(store.log.map(eventLeafHash)));
    const before = store.log.length;
    const service = createDisputeService({ store, clock: fixedClock('2026-04-01T13:00:00.000Z') });
    expect(E.isRight(await service.handle(messageJson({ disputeId: 'd1', commandId: 'late', day: 7 })))).toBe(true);
    events.read = 0;
    const second = await log.catchUp();
    // The last leaf, checked again, and the one new event: nothing before is read or rehashed.
    expect(events.read).toBe(1 + (store.log.length - before));
    expect(second).toMatchObject({ size: store.log.length, lastGlobalPosition: store.log.length });
    expect(second.rootHash).toEqual(rootOfLeafHashes(store.log.map(eventLeafHash)));
    expect(await log.rootAt(before)).toEqual(first.rootHash);
    const consistency = await log.consistencyProof(before, second.size);
    expect(verifyConsistency(before, second.size, first.rootHash, second.rootHash, consistency)).toBe(true);
    const path = await log.inclusionProof(3, second.size);
    expect(verifyInclusion(3, second.size, eventLeafHash(store.log[3]!), path, second.rootHash)).toBe(true);
    expect(await log.leafIndexOf(4)).toBe(3);
    await expect(log.rootAt(second.size + 1)).rejects.toThrow(RangeError);
  });

  it('refuses to grow over a log changed under its tree', async () => {
    const store = await populated(2);
    const log = createMerkleLog({ events: store, tree: createInMemoryTreeStore() });
    await log.catchUp();
    const last = store.log[store.log.length - 1]!;
    store.log[store.log.length - 1] = { ...last, metadata: { ...last.metadata, recordedAt: '2020-01-01T00:00:00.000Z' } };
    await expect(log.catchUp()).rejects.toThrow(TreeDiverged);
    store.log.pop();
    await expect(log.catchUp()).rejects.toThrow(/no longer in the log/);
  });
});

describe('checkpoints', () => {
  it('signs a tree head that verifies with its public key, and not once any field changed or with another key', async () => {
    const store = await populated(1);
    const head = await createMerkleLog({ events: store, tree: createInMemoryTreeStore() }).catchUp();
    const { privateKey, publicKey } = keys();
    const checkpoint = signCheckpoint({ logId: 'test', head, time: new Date('2026-04-02T00:00:00.000Z'), privateKey });
    expect(checkpointSignatureProblem(checkpoint, publicKey)).toBeUndefined();
    expect(parseCheckpoint(formatCheckpoint(checkpoint))).toEqual(checkpoint);
    for (const change of [{ size: head.size - 1 }, { logId: 'other' }, { time: '2026-04-03T00:00:00.000Z' }, { rootHash: 'ab'.repeat(32) }, { lastGlobalPosition: 1 }]) {
      expect(checkpointSignatureProblem({ ...checkpoint, ...change }, publicKey)).toMatch(/does not hold/);
    }
    expect(checkpointSignatureProblem(checkpoint, keys().publicKey)).toMatch(/not with the public key given/);
  });

  it('reads checkpoint files strictly, naming the member that is wrong', () => {
    const valid = { format: 'disputekit-checkpoint/1', logId: 'x', size: 1, rootHash: 'a'.repeat(64), lastGlobalPosition: 1, time: '2026-04-02T00:00:00.000Z', keyId: 'b'.repeat(64), signature: 'c'.repeat(128) };
    expect(parseCheckpoint(JSON.stringify(valid)).size).toBe(1);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, rootHash: 'A'.repeat(64) }, 'checkpoint.rootHash'],
      [{ ...valid, extra: 1 }, 'unexpected member "extra"'],
      [{ ...valid, size: 1.5 }, 'checkpoint.size'],
      [{ ...valid, size: 0 }, 'checkpoint.lastGlobalPosition'],
      [{ ...valid, time: 'yesterday' }, 'checkpoint.time'],
      [{ ...valid, format: 'other' }, 'checkpoint.format'],
    ];
    for (const [value, message] of cases) expect(() => parseCheckpoint(JSON.stringify(value))).toThrow(message);
    expect(() => parseCheckpoint('{')).toThrow(StrictJsonError);
  });
});

describe('dispute proofs', () => {
  it('proves a dispute under a checkpoint, and the proof replays it; a forged event or an altered proof does not hold', async () => {
    const store = await populated(4);
    const log = createMerkleLog({ events: store, tree: createInMemoryTreeStore() });
    const head = await log.catchUp();
    const { privateKey, publicKey } = keys();
    const checkpoint = signCheckpoint({ logId: 'test', head, time: new Date('2026-04-02T00:00:00.000Z'), privateKey });
    const proof = await buildDisputeProof({ events: store, log, checkpoint, disputeId: 'd0' });
    const text = formatDisputeProof(proof);
    const verified = verifyDisputeProof(parseDisputeProof(text), publicKey);
    expect(verified).toMatchObject({ holds: true, problems: [], violations: [], state: { status: 'CLOSED', outcome: 'CANCELLED_BY_BUYER' } });
    expect(proof.events.map((e) => e.event.version)).toEqual([1, 2, 3, 4]);

    const forged = { ...proof, events: proof.events.map((e, i) => (i === 1 ? { ...e, event: { ...e.event, data: { ...(e.event.data as object), text: 'forged' } } } : e)) };
    expect(verifyDisputeProof(forged, publicKey).problems.join(' ')).toMatch(/d0@2 \(log event #\d+\) is not in the signed log/);
    const dropped = { ...proof, events: proof.events.slice(1) };
    expect(verifyDisputeProof(dropped, publicKey).problems.join(' ')).toMatch(/should be version 1/);
    expect(verifyDisputeProof(proof, keys().publicKey).holds).toBe(false);
    expect(() => parseDisputeProof(text.replace('\n', ' \n'))).toThrow(/canonical form/);
  });

  it('refuses a dispute the checkpoint does not cover, and a store whose tree is not the signed one', async () => {
    const store = await populated(2);
    const log = createMerkleLog({ events: store, tree: createInMemoryTreeStore() });
    const head = await log.catchUp();
    const { privateKey } = keys();
    const checkpoint = signCheckpoint({ logId: 'test', head, time: new Date(), privateKey });
    await expect(buildDisputeProof({ events: store, log, checkpoint, disputeId: 'nope' })).rejects.toThrow(ProofError);
    const other = signCheckpoint({ logId: 'test', head: { ...head, rootHash: Buffer.alloc(32) }, time: new Date(), privateKey });
    await expect(buildDisputeProof({ events: store, log, checkpoint: other, disputeId: 'd0' })).rejects.toThrow(/not the one signed/);
    const index = store.log.findIndex((e) => e.streamId === 'dispute-d1' && e.version === 2);
    store.log[index] = { ...store.log[index]!, data: { ...(store.log[index]!.data as object), text: 'edited' } };
    await expect(buildDisputeProof({ events: store, log, checkpoint, disputeId: 'd1' })).rejects.toThrow(/dispute-d1@2 \(global position \d+\) is not the event signed there/);
  });
});

describe('today’s log against a checkpoint', () => {
  it('names the first leaf that differs: edited, deleted, inserted, reordered, cut short', async () => {
    const store = await populated(3);
    const signed = new LogTreeRecorder(store.log.length, [store.log.length]);
    for (const event of store.log) signed.push(event);
    const size = store.log.length;
    const today = (events: typeof store.log) => {
      const recorder = new LogTreeRecorder(size, [size]);
      for (const event of events) recorder.push(event);
      return recorder;
    };
    const untouched = today(store.log);
    expect(untouched.rootAt(size)).toEqual(rootOfLeaves(signed.leaves(), size));
    expect(firstChange(untouched.leaves(), signed.leaves(), size)).toBeUndefined();
    const edited = store.log.map((e, i) => (i === 4 ? { ...e, metadata: { ...e.metadata, recordedAt: 'x' } } : e));
    expect(firstChange(today(edited).leaves(), signed.leaves(), size)).toMatchObject({ kind: 'EDITED', index: 4 });
    expect(firstChange(today(store.log.filter((_, i) => i !== 2 && i !== 3)).leaves(), signed.leaves(), size)).toMatchObject({ kind: 'DELETED', index: 2, missingCount: 2 });
    const inserted = [...store.log.slice(0, 5), { ...store.log[0]!, streamId: 'dispute-x', globalPosition: 99 }, ...store.log.slice(5)];
    expect(firstChange(today(inserted).leaves(), signed.leaves(), size)).toMatchObject({ kind: 'INSERTED', index: 5, insertedCount: 1 });
    const swapped = [...store.log];
    [swapped[6], swapped[7]] = [swapped[7]!, swapped[6]!];
    expect(firstChange(today(swapped).leaves(), signed.leaves(), size)).toMatchObject({ kind: 'REORDERED', index: 6 });
    expect(firstChange(today(store.log.slice(0, -3)).leaves(), signed.leaves(), size)).toMatchObject({ kind: 'TRUNCATED', index: size - 3, missingCount: 3 });
    const replaced = store.log.map((e, i) => (i === 1 ? { ...e, globalPosition: 77, data: { other: true } } : e));
    expect(firstChange(today(replaced).leaves(), signed.leaves(), size)).toMatchObject({ kind: 'REPLACED', index: 1 });
    const unreadable = new LogTreeRecorder(size, [size]);
    unreadable.pushUnreadable(1);
    expect(firstChange(unreadable.leaves(), signed.leaves(), size)).toMatchObject({ index: 0 });
  });
});

describe('guard cross-checks in the log verifier', () => {
  const verify = (events: ReadonlyArray<TestStore['log'][number]>) => {
    const verifier = createLogVerifier();
    for (const event of events) verifier.push(event);
    return verifier.finish();
  };

  it('finds a reservation without its dispute (G1), a dispute without its reservation (G2), a release that does not match (G3)', async () => {
    const store = await populated(2);
    expect(verify(store.log).clean).toBe(true);
    const rules = (events: typeof store.log) => verify(events).findings.map((f) => `${f.rule ?? ''} ${f.streamId}`);
    expect(rules(store.log.filter((e) => e.streamId !== 'dispute-d1'))).toContain('G1 order-o1');
    expect(rules(store.log.filter((e) => !(e.streamId === 'order-o1' && e.type === 'OrderDisputeReserved')))).toEqual(expect.arrayContaining(['G2 dispute-d1']));
    const reopened = store.log.filter((e) => !(e.streamId === 'dispute-d0' && e.version >= 3));
    expect(rules(reopened)).toContain('G3 order-o0');
  });
});

describe('keys and the in-memory tree store', () => {
  it('reads Ed25519 PEM keys, and names what is wrong with anything else', () => {
    const { privateKey, publicKey } = keys();
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(ed25519PrivateKey(privatePem).asymmetricKeyType).toBe('ed25519');
    expect(ed25519PublicKey(publicKey.export({ type: 'spki', format: 'pem' })).asymmetricKeyType).toBe('ed25519');
    expect(ed25519PublicKey(privatePem).asymmetricKeyType).toBe('ed25519');
    expect(() => ed25519PrivateKey('hello')).toThrow(/not a PEM private key/);
    expect(() => ed25519PublicKey('hello')).toThrow(/not a PEM key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => ed25519PrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }))).toThrow(/rsa, not Ed25519/);
    expect(() => ed25519PublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }))).toThrow(/rsa, not Ed25519/);
  });

  it('keeps leaves, positions and nodes until cleared; a subtree not built is an error', async () => {
    const store = await populated(1);
    const tree = createInMemoryTreeStore();
    await createMerkleLog({ events: store, tree }).catchUp();
    expect(await tree.leaves(0, 2)).toEqual([eventLeafHash(store.log[0]!), eventLeafHash(store.log[1]!)]);
    expect(await tree.leafPositions(0, 3)).toEqual([1, 2, 3]);
    await expect(tree.node(4, 999)).rejects.toThrow(/not built that far/);
    await expect(tree.leaves(0, 999)).rejects.toThrow(/not built that far/);
    await tree.clear();
    expect(await tree.load()).toBeUndefined();
    expect(await tree.leafIndexOf(1)).toBeUndefined();
    await tree.close();
  });
});
