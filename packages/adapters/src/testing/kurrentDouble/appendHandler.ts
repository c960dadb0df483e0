import * as grpc from '@grpc/grpc-js';
import type { Expected, KurrentLog, ProposedEvent } from './kurrentLog';
import { protocol, serverError, streamNameOf, uuidText, type streams } from './protocolMessages';
import type { DoubleControls } from './doubleControls';

const expectedOf = (options: streams.AppendReq.Options | streams.DeleteReq.Options | streams.TombstoneReq.Options): Expected => {
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  if (options.hasAny()) return { kind: 'any' };
  return { kind: 'revision', revision: BigInt(options.getRevision()) };
};

/** The label of an expectation, as tests read it from `appendRequests`. */
const labelOf = (expected: Expected): 'any' | 'no_stream' | 'stream_exists' | bigint => (expected.kind === 'revision' ? expected.revision : expected.kind);

/** The size the server counts against `MaxAppendSize`: data + metadata + 2 × type length (UTF-16), per event. */
const sizeOnDisk = (event: ProposedEvent): number => event.data.length + event.metadata.length + 2 * event.type.length;

const wrongVersionResponse = (expected: Expected, current: bigint): streams.AppendResp => {
  const wrong = new (protocol().streams).AppendResp.WrongExpectedVersion();
  if (current < 0n) wrong.setCurrentNoStream(new (protocol().shared).Empty());
  else wrong.setCurrentRevision(current.toString());
  if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new (protocol().shared).Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new (protocol().shared).Empty());
  else wrong.setExpectedAny(new (protocol().shared).Empty());
  return new (protocol().streams).AppendResp().setWrongExpectedVersion(wrong);
};

const successResponse = (revision: bigint, position: bigint): streams.AppendResp =>
  new (protocol().streams).AppendResp().setSuccess(
    new (protocol().streams).AppendResp.Success().setCurrentRevision(revision.toString()).setPosition(new (protocol().streams).AppendResp.Position().setCommitPosition(position.toString()).setPreparePosition(position.toString())),
  );

/**
 * `Streams.Append`: the options message, then the proposed events; the size rule is checked as the
 * events arrive, the commit rules once the client ends its side. A commit the server is not ready to
 * call idempotent gets no answer at all (the client's deadline ends the call), as on the server.
 */
export const appendHandler =
  (log: KurrentLog, controls: DoubleControls): grpc.handleClientStreamingCall<streams.AppendReq, streams.AppendResp> =>
  (call, callback) => {
    let options: streams.AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    let size = 0;
    let answered = false;
    const answer = (error: grpc.ServiceError | null, response?: streams.AppendResp): void => {
      if (answered) return;
      answered = true;
      callback(error, response);
    };
    call.on('data', (request: streams.AppendReq) => {
      if (answered) return;
      if (request.hasOptions()) {
        options = request.getOptions();
        return;
      }
      const message = request.getProposedMessage();
      if (message === undefined) return;
      const metadata = message.getMetadataMap();
      const event: ProposedEvent = {
        id: uuidText(message.getId()),
        type: metadata.get('type') ?? '',
        contentType: metadata.get('content-type') ?? 'application/octet-stream',
        data: message.getData_asU8(),
        metadata: message.getCustomMetadata_asU8(),
      };
      size += sizeOnDisk(event);
      if (size > controls.maxAppendSize) {
        answer(serverError(grpc.status.INVALID_ARGUMENT, 'maximum-append-size-exceeded', `Maximum Append Size of ${controls.maxAppendSize} Exceeded.`, { 'maximum-append-size': String(controls.maxAppendSize) }));
        return;
      }
      events.push(event);
    });
    call.on('end', () => {
      void (async () => {
        if (answered || options === undefined) return answer(serverError(grpc.status.INVALID_ARGUMENT, 'invalid-argument', 'No append options'));
        const streamId = streamNameOf(options.getStreamIdentifier());
        const expected = expectedOf(options);
        controls.appendRequests.push({ streamName: streamId, expected: labelOf(expected) });
        await controls.runBeforeAppend();
        const refused = controls.refusal(streamId);
        if (refused !== undefined) return answer(refused);
        const decision = log.checkCommit(
          streamId,
          expected,
          events.map((event) => event.id),
        );
        switch (decision.kind) {
          case 'stream-deleted':
            return answer(serverError(grpc.status.FAILED_PRECONDITION, 'stream-deleted', `Event stream '${streamId}' is deleted.`, { 'stream-name': streamId }));
          case 'wrong-expected-version':
            return answer(null, wrongVersionResponse(expected, decision.current));
          case 'idempotent':
            return answer(null, successResponse(decision.last.revision, decision.last.position));
          case 'idempotent-not-ready':
            return; // IdempotentNotReady: the server sends nothing; the client times out.
          case 'ok': {
            if (events.length === 0) {
              const response = new (protocol().streams).AppendResp.Success().setNoPosition(new (protocol().shared).Empty());
              if (decision.current < 0n) response.setNoStream(new (protocol().shared).Empty());
              else response.setCurrentRevision(decision.current.toString());
              return answer(null, new (protocol().streams).AppendResp().setSuccess(response));
            }
            log.prepare(streamId, events);
            await controls.commitGate();
            const written = log.commit(streamId, events);
            const last = written[written.length - 1]!;
            return answer(null, successResponse(last.revision, last.position));
          }
        }
      })();
    });
  };

/** `Streams.Delete` (soft) and `Streams.Tombstone` (hard), with their expected-revision check. */
export const deleteHandler =
  <Request extends streams.DeleteReq | streams.TombstoneReq, Response extends streams.DeleteResp | streams.TombstoneResp>(
    log: KurrentLog,
    controls: DoubleControls,
    hard: boolean,
    respond: (position: bigint) => Response,
  ): grpc.handleUnaryCall<Request, Response> =>
  (call, callback) => {
    const options = call.request.getOptions()!;
    const streamId = streamNameOf(options.getStreamIdentifier());
    const refused = controls.refusal(streamId);
    if (refused !== undefined) return callback(refused);
    const decision = log.checkCommit(streamId, expectedOf(options), []);
    if (decision.kind === 'stream-deleted') return callback(serverError(grpc.status.FAILED_PRECONDITION, 'stream-deleted', `Event stream '${streamId}' is deleted.`, { 'stream-name': streamId }));
    if (decision.kind === 'wrong-expected-version') {
      const expected = expectedOf(options);
      const fields: Record<string, string> = { 'stream-name': streamId, 'expected-version': expected.kind === 'revision' ? expected.revision.toString() : '-1' };
      if (decision.current >= 0n) fields['actual-version'] = decision.current.toString();
      return callback(serverError(grpc.status.FAILED_PRECONDITION, 'wrong-expected-version', `Append failed due to WrongExpectedVersion. Stream: ${streamId}`, fields));
    }
    if (hard) log.tombstone(streamId);
    else log.softDelete(streamId);
    const last = log.records[log.records.length - 1]!;
    callback(null, respond(last.position));
  };
