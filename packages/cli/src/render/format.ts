import { formatMoney, type Money } from '@disputekit/core';

/** An integer with thousands separators (`1,000,000`). */
export const count = (n: number): string => n.toLocaleString('en-US');

/** `n thing` or `n things`. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;

/** Money for people, or an empty string. */
export const money = (value: Money | undefined): string => (value === undefined ? '' : formatMoney(value));

/** An ISO instant shortened for a table: `2026-03-20 09:00Z` (seconds kept when not zero). */
export const when = (instant: string | undefined): string => {
  if (instant === undefined) return '';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(\.\d+)?Z$/.exec(instant);
  if (match === null) return instant;
  const seconds = match[3] !== undefined && match[3] !== ':00' ? match[3] : '';
  return `${match[1]} ${match[2]}${seconds}Z`;
};

/** Pads to a width (text longer than the width is kept whole). */
export const pad = (text: string, width: number): string => (text.length >= width ? text : text + ' '.repeat(width - text.length));
