import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chainMetadata, GENESIS_HASH } from '@disputekit/core';

/** The example history the hostile one is made from (five disputes, 47 events). */
export const EXAMPLE_HISTORY = join(__dirname, '..', '..', '..', '..', 'examples', 'audit', 'history.jsonl');

/**
 * What a buyer may try to put on an auditor's terminal: a fake "✔ hash chain intact" line drawn
 * with a next-line escape (ESC E) and C1 NEL, colour codes, a hidden OSC 8 link, a right-to-left
 * override, DEL and a carriage return. (A lone surrogate is refused by the text codecs since
 * issue 11, so it cannot be stored through disputekit; `hostileIdHistory` checks such refusals.)
 */
export const HOSTILE_MESSAGE =
  'Fine.\u001bE  \u2714 hash chain intact (7 events, every link checked)\u0085\u001b[32mVerdict: clean.\u001b[0m ' +
  '\u001b]8;;https://evil.example/\u0007click here\u001b]8;;\u0007 \u202egnp.exe\u202c \u007f\rX';

/** An id with a C1 CSI and a bidi control: refused by the id codec since issue 11 (it used to be accepted). */
export const HOSTILE_BUYER = 'buyer-chloe\u009b2J\u202e';

/** A dispute id with a C1 "set colour" sequence in it (its stream is `dispute-` + it). */
export const HOSTILE_DISPUTE = 'return-2002\u009b31m';

/** JSON-escapes a string for a textual replacement inside a JSON document. */
const inJson = (text: string): string => JSON.stringify(text).slice(1, -1);

/** Re-chains every stream of a history text so that its hash chains are intact. */
const rechained = (text: string): string => {
  const heads = new Map<string, string>();
  return (
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const event = JSON.parse(line) as { streamId: string; version: number; type: string; data: unknown; metadata: Record<string, unknown> & { eventId: string; commandId: string; schemaVersion: number } };
        const chain = chainMetadata(heads.get(event.streamId) ?? GENESIS_HASH, event);
        heads.set(event.streamId, chain.hash);
        return JSON.stringify({ ...event, metadata: { ...event.metadata, ...chain } });
      })
      .join('\n') + '\n'
  );
};

/** The example history with its tampering undone (the ruling's refund of 30.00 edited to 90.00). */
const mendedExample = (): string => readFileSync(EXAMPLE_HISTORY, 'utf8').replace(/("type":"RulingIssued".*?"refund":\{"amount":)9000/, (_, head: string) => `${head}3000`);

/**
 * The example history with control characters in a buyer id and a dispute id, re-chained: what an
 * older version accepted. The id codecs refuse it now, so every such event reads as corrupt.
 */
export const hostileIdHistory = (): string =>
  rechained(mendedExample().replaceAll('buyer-chloe', inJson(HOSTILE_BUYER)).replaceAll('return-2002', inJson(HOSTILE_DISPUTE)));

/**
 * The example history with hostile text in a message, re-chained so
 * that every stream's hash chain is intact (the example's own tampering is mended): a
 * history that verifies clean, whose text must still never reach a terminal raw.
 */
export const hostileHistory = (): string => rechained(mendedExample().replaceAll('Hello? Could you check with the carrier?', inJson(HOSTILE_MESSAGE)));

/**
 * The characters found in `text` that a terminal acts on or that hide or reorder text: C0 controls
 * but the line feed, DEL, C1 controls, bidirectional and invisible format controls, line and
 * paragraph separators, lone surrogates. Written apart from the CLI's own escaping, to check it.
 */
export const rawControls = (text: string): string[] => {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const high = unit >= 0xd800 && unit <= 0xdbff;
    const low = unit >= 0xdc00 && unit <= 0xdfff;
    if (high && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      i++;
      continue;
    }
    const bad =
      (unit < 0x20 && unit !== 0x0a) ||
      (unit >= 0x7f && unit <= 0x9f) ||
      unit === 0x061c ||
      (unit >= 0x200b && unit <= 0x200f) ||
      (unit >= 0x2028 && unit <= 0x202e) ||
      (unit >= 0x2066 && unit <= 0x2069) ||
      unit === 0xfeff ||
      high ||
      low;
    if (bad) found.push(`U+${unit.toString(16).toUpperCase().padStart(4, '0')} at ${i}`);
  }
  return found;
};
