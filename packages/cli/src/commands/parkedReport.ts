import type { ParkedStream } from '@disputekit/projections';
import type { CommandContext } from '../context';
import { safeJson, safeText } from '../render/safeText';

/** A parked stream as the CLI reports it: which read model parked it. */
export type ParkedEntry = ParkedStream & { readonly projection: string };

/** One warning line per parked stream (grouped by stream), and how to re-admit it once repaired; stored text escaped for the terminal. */
export const parkedLines = (parked: ReadonlyArray<ParkedEntry>, ctx: CommandContext): ReadonlyArray<string> => {
  const byStream = new Map<string, ParkedEntry[]>();
  for (const entry of parked) byStream.set(entry.streamId, [...(byStream.get(entry.streamId) ?? []), entry]);
  const lines: string[] = [];
  for (const [streamId, entries] of byStream) {
    const first = entries[0]!;
    lines.push(
      `${ctx.out.yellow('⚠')} parked ${safeJson(streamId)} at version ${first.version} (global position ${first.globalPosition}) in ${entries.map((e) => safeText(e.projection)).join(', ')}: ${safeJson(first.reason)}`,
    );
  }
  if (byStream.size > 0) lines.push(`  Repair the stream, then run: disputekit readmit --store <url> --stream <id>`);
  return lines;
};
