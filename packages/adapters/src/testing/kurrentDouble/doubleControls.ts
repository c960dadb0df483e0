import * as grpc from '@grpc/grpc-js';
import { serverError } from './protocolMessages';

/** An append's stream and the expectation the double read from it. */
export interface AppendRequestRecord {
  readonly streamName: string;
  readonly expected: 'any' | 'no_stream' | 'stream_exists' | bigint;
}

/** The double's test hooks and settings, shared by its handlers. */
export class DoubleControls {
  readonly appendRequests: AppendRequestRecord[] = [];
  /** Ends each open subscription (called on close). */
  readonly subscriptions = new Set<() => void>();
  private failures = 0;
  private beforeAppend: (() => Promise<void>) | undefined;
  private held: Promise<void> | undefined;
  private denied: ((streamId: string) => boolean) | undefined;

  /** The largest append accepted, counted as the server counts; tests may lower it for a while. */
  constructor(public maxAppendSize: number) {}

  /** Makes the next `count` calls fail with UNAVAILABLE, as a server that went away would. */
  failNextCalls(count: number): void {
    this.failures = count;
  }

  /** Answers calls on streams `predicate` picks with access-denied (PERMISSION_DENIED). */
  denyAccess(predicate: ((streamId: string) => boolean) | undefined): void {
    this.denied = predicate;
  }

  /** Runs `hook` once, just before the next append is checked (to stage a concurrent writer). */
  beforeNextAppend(hook: () => Promise<void>): void {
    this.beforeAppend = hook;
  }

  /** Holds every commit (appends are prepared, counted for the version, not yet readable) until the returned release is called. */
  holdCommits(): () => void {
    let release!: () => void;
    this.held = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.held = undefined;
      release();
    };
  }

  /** @internal */
  async runBeforeAppend(): Promise<void> {
    const hook = this.beforeAppend;
    this.beforeAppend = undefined;
    if (hook !== undefined) await hook();
  }

  /** @internal Resolves once commits are no longer held. */
  commitGate(): Promise<void> {
    return this.held ?? Promise.resolve();
  }

  /** @internal The error a call on `streamId` gets instead of an answer, if any. */
  refusal(streamId: string): grpc.ServiceError | undefined {
    if (this.failures > 0) {
      this.failures -= 1;
      return Object.assign(new Error('14 UNAVAILABLE: the double is staging an outage'), { code: grpc.status.UNAVAILABLE, details: 'the double is staging an outage', metadata: new grpc.Metadata() });
    }
    if (this.denied?.(streamId) === true) return serverError(grpc.status.PERMISSION_DENIED, 'access-denied', `Access denied to ${streamId}`);
    return undefined;
  }
}
