import * as grpc from '@grpc/grpc-js';
import type { KurrentLog, LogRecord } from './kurrentLog';
import { protocol, readEventResponse, serverError, streamNameOf, type streams } from './protocolMessages';
import type { DoubleControls } from './doubleControls';

type ReadCall = grpc.ServerWritableStream<streams.ReadReq, streams.ReadResp>;

/** A `$all` filter as the request states it: on stream names or event types, by prefixes or a regex. */
const filterOf = (options: streams.ReadReq.Options): ((record: LogRecord) => boolean) => {
  const filter = options.getFilter();
  if (filter === undefined) return () => true; // no_filter: every record, system ones included
  const onStream = filter.hasStreamIdentifier();
  const expression = (onStream ? filter.getStreamIdentifier() : filter.getEventType())!;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() === '' ? undefined : new RegExp(expression.getRegex());
  return (record) => {
    const subject = onStream ? record.streamId : record.type;
    return prefixes.length > 0 ? prefixes.some((prefix) => subject.startsWith(prefix)) : regex === undefined || regex.test(subject);
  };
};

const streamDeleted = (streamId: string): grpc.ServiceError =>
  serverError(grpc.status.FAILED_PRECONDITION, 'stream-deleted', `Event stream '${streamId}' is deleted.`, { 'stream-name': streamId });

/** Where a `$all` read starts: `start`, `end`, or a position (commit). */
const allStart = (all: streams.ReadReq.Options.AllOptions, log: KurrentLog): bigint => {
  if (all.hasStart()) return 0n;
  if (all.hasEnd()) return (log.records[log.records.length - 1]?.position ?? 0n) + 1n;
  return BigInt(all.getPosition()!.getCommitPosition());
};

/** Writes a response unless the client has gone. */
const send = (call: ReadCall, response: streams.ReadResp): void => {
  if (!call.cancelled && !call.writableEnded) call.write(response);
};

const withLink = (log: KurrentLog, record: LogRecord, resolve: boolean): [LogRecord, LogRecord | undefined] => {
  if (!resolve || record.type !== '$>') return [record, undefined];
  const target = log.resolveLink(record);
  return target === undefined ? [record, undefined] : [target, record];
};

/** A one-shot read of a stream or of `$all`, forwards or backwards, up to `count` records. */
const readOnce = (log: KurrentLog, call: ReadCall, options: streams.ReadReq.Options): void => {
  const forwards = options.getReadDirection() === protocol().streams.ReadReq.Options.ReadDirection.FORWARDS;
  const count = BigInt(options.getCount() === '' ? '0' : options.getCount());
  const structured = options.getUuidOption()?.hasStructured() === true;
  const resolve = options.getResolveLinks();
  let candidates: LogRecord[];
  const stream = options.getStream();
  if (stream !== undefined) {
    const streamId = streamNameOf(stream.getStreamIdentifier());
    const records = log.readStream(streamId);
    if (records === 'deleted') {
      call.emit('error', streamDeleted(streamId));
      return;
    }
    if (records === undefined) {
      send(call, new (protocol().streams).ReadResp().setStreamNotFound(new (protocol().streams).ReadResp.StreamNotFound().setStreamIdentifier(stream.getStreamIdentifier())));
      call.end();
      return;
    }
    const last = records[records.length - 1]?.revision ?? -1n;
    const from = stream.hasStart() ? 0n : stream.hasEnd() ? (forwards ? last + 1n : last) : BigInt(stream.getRevision());
    candidates = forwards ? records.filter((record) => record.revision >= from) : records.filter((record) => record.revision <= from).reverse();
  } else {
    const all = options.getAll()!;
    const from = allStart(all, log);
    const wanted = filterOf(options);
    // Forwards from a position is inclusive; backwards reads what lies before it.
    // Forwards from a position is inclusive; backwards reads what lies before it. Scans stop once `count` records matched.
    candidates = [];
    const limit = Number(count);
    if (forwards) {
      for (let index = log.indexAt(from); index < log.records.length && candidates.length < limit; index += 1) {
        if (wanted(log.records[index]!)) candidates.push(log.records[index]!);
      }
    } else {
      for (let index = log.indexAt(from) - 1; index >= 0 && candidates.length < limit; index -= 1) {
        if (wanted(log.records[index]!)) candidates.push(log.records[index]!);
      }
    }
  }
  for (const record of candidates.slice(0, Number(count))) {
    const [event, link] = withLink(log, record, resolve);
    send(call, readEventResponse(event, link, structured));
  }
  call.end();
};

/** A catch-up subscription: confirmation, the records after the start (exclusive), caught-up, then live records. */
const subscribe = (log: KurrentLog, call: ReadCall, options: streams.ReadReq.Options, controls: DoubleControls): void => {
  const structured = options.getUuidOption()?.hasStructured() === true;
  const resolve = options.getResolveLinks();
  const stream = options.getStream();
  let wanted: (record: LogRecord) => boolean;
  let after: (record: LogRecord) => boolean;
  let firstIndex = 0;
  if (stream !== undefined) {
    const streamId = streamNameOf(stream.getStreamIdentifier());
    const from = stream.hasStart() ? -1n : stream.hasEnd() ? log.currentRevision(streamId) : BigInt(stream.getRevision());
    wanted = (record) => record.streamId === streamId;
    after = (record) => record.revision > from;
  } else {
    const all = options.getAll()!;
    const from = all.hasStart() ? -1n : allStart(all, log) - (all.hasEnd() ? 1n : 0n);
    const filter = filterOf(options);
    wanted = filter;
    after = (record) => record.position > from;
    firstIndex = log.indexAt(from + 1n);
  }
  const deliver = (record: LogRecord): void => {
    if (!wanted(record) || !after(record)) return;
    const [event, link] = withLink(log, record, resolve);
    send(call, readEventResponse(event, link, structured));
  };
  send(call, new (protocol().streams).ReadResp().setConfirmation(new (protocol().streams).ReadResp.SubscriptionConfirmation().setSubscriptionId(crypto.randomUUID())));
  for (const record of log.records.slice(firstIndex)) deliver(record);
  send(call, new (protocol().streams).ReadResp().setCaughtUp(new (protocol().streams).ReadResp.CaughtUp()));
  const stop = log.onCommit(deliver);
  const end = (): void => {
    stop();
    controls.subscriptions.delete(end);
    if (!call.writableEnded) call.end();
  };
  controls.subscriptions.add(end);
  call.on('cancelled', end);
  call.on('close', end);
};

/** `Streams.Read`: a read or a subscription, of a stream or of `$all`. */
export const readHandler =
  (log: KurrentLog, controls: DoubleControls): grpc.handleServerStreamingCall<streams.ReadReq, streams.ReadResp> =>
  (call) => {
    const options = call.request.getOptions()!;
    const streamId = options.getStream() === undefined ? '$all' : streamNameOf(options.getStream()!.getStreamIdentifier());
    const refused = controls.refusal(streamId);
    if (refused !== undefined) {
      call.emit('error', refused);
      return;
    }
    if (options.hasSubscription()) return subscribe(log, call, options, controls);
    readOnce(log, call, options);
  };
