/**
 * A protocol-level double of a single KurrentDB/EventStoreDB node: an in-process gRPC server
 * (`@grpc/grpc-js`, plaintext on 127.0.0.1, a free port) implementing the v1 `Streams` (Read,
 * Append, Delete, Tombstone) and `ServerFeatures` services the real clients call, so that the real,
 * unmodified `@kurrent/kurrentdb-client` and `@eventstore/db-client` talk to it as to a server.
 * Test support only: not part of any published entry. What it does not model is listed in
 * docs/stores/eventstoredb.md.
 */
import * as grpc from '@grpc/grpc-js';
import { appendHandler, deleteHandler } from './appendHandler';
import { DoubleControls } from './doubleControls';
import { KurrentLog } from './kurrentLog';
import { loadProtocol, type features, type Protocol, type ProtocolSource } from './protocolMessages';

/**
 * The double answers from the test's own process, so on a starved machine (a shared CI box, several
 * test workers) a reply can take longer than the client's 10-second default deadline: the tests
 * would then measure the machine, not the adapter. Connections to the double ask for two minutes
 * unless a test sets its own `defaultDeadline` (the tests of deadline handling do).
 */
const PATIENT_DEADLINE_MS = 120_000;
const withPatientDeadline = (settings: string): string =>
  /(^|&)defaultDeadline=/i.test(settings) ? settings : [`defaultDeadline=${PATIENT_DEADLINE_MS}`, settings].filter((part) => part !== '').join('&');
import { readHandler } from './readHandler';

export { DELETED_STREAM, type LogRecord } from './kurrentLog';
export type { AppendRequestRecord } from './doubleControls';

/** Options of `startKurrentDouble`. */
export interface KurrentDoubleOptions {
  /** The client library the test file uses: the double speaks with that library's generated protocol code. */
  readonly protocolOf: ProtocolSource;
  /** The largest append the server accepts, counted as it counts (default 1 MiB, the server default). */
  readonly maxAppendSize?: number;
  /** Write `$>` link events to `$ce-…` and `$et-…` after each user event, as running system projections do (default false). */
  readonly linkEvents?: boolean;
}

/** A running double and its test hooks. */
export interface KurrentDouble {
  readonly port: number;
  /** `kurrentdb://127.0.0.1:<port>?tls=false…`, or the same with another scheme (`esdb`, `kdb`, …). */
  connectionString(scheme?: string, settings?: string): string;
  readonly log: KurrentLog;
  readonly controls: DoubleControls;
  /** Stops the server at once, ending every call (idempotent). */
  close(): Promise<void>;
}

const methods = ['read', 'append', 'delete', 'tombstone'] as const;

const supportedMethods = ({ features }: Protocol): features.SupportedMethods =>
  new features.SupportedMethods()
    .setEventStoreServerVersion('24.10.0')
    .setMethodsList([
      ...methods.map((method) => new features.SupportedMethod().setServiceName('event_store.client.streams.streams').setMethodName(method)),
      new features.SupportedMethod().setServiceName('event_store.client.server_features.serverfeatures').setMethodName('getsupportedmethods'),
    ]);

/** Starts a double on a free port of 127.0.0.1. Close it in `afterAll`. */
export const startKurrentDouble = async (options: KurrentDoubleOptions): Promise<KurrentDouble> => {
  const wire = loadProtocol(options.protocolOf);
  const { streams, StreamsService, ServerFeaturesService } = wire;
  const log = new KurrentLog(options.linkEvents ?? false);
  const controls = new DoubleControls(options.maxAppendSize ?? 1024 * 1024);
  const server = new grpc.Server();
  server.addService(StreamsService, {
    read: readHandler(log, controls),
    append: appendHandler(log, controls),
    delete: deleteHandler(log, controls, false, (position) => new streams.DeleteResp().setPosition(new streams.DeleteResp.Position().setCommitPosition(position.toString()).setPreparePosition(position.toString()))),
    tombstone: deleteHandler(log, controls, true, (position) => new streams.TombstoneResp().setPosition(new streams.TombstoneResp.Position().setCommitPosition(position.toString()).setPreparePosition(position.toString()))),
    batchAppend: (call: grpc.ServerDuplexStream<unknown, unknown>) => call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'BatchAppend is not modelled by the double' }),
  });
  server.addService(ServerFeaturesService, { getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<features.SupportedMethods>) => callback(null, supportedMethods(wire)) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error === null ? resolve(bound) : reject(error))),
  );
  let closed = false;
  return {
    port,
    log,
    controls,
    connectionString: (scheme = 'kurrentdb', settings = '') => `${scheme}://127.0.0.1:${port}?tls=false&${withPatientDeadline(settings)}`,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const end of [...controls.subscriptions]) end();
      server.forceShutdown();
    },
  };
};
export * from './doubleClients';
export * from './harness';
