/**
 * HTML escaping for the report and the console: every string that comes from event data (ids,
 * notes, messages, reasons) goes through `text` or `attr` before it reaches a page, so it shows as
 * text and never becomes markup. Control characters (terminal escapes such as ESC `[31m`) are made
 * visible as Unicode control pictures instead of being passed on.
 */

const HTML_SPECIALS: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** C0 controls except tab and newline, DEL, and C1 controls. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** A control character as something a reader can see: `␛` for ESC, `␀` for NUL, `\u{9b}` for a C1 control. */
const visibleControl = (c: string): string => {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `\\u{${code.toString(16)}}`;
};

/** Replaces control characters with visible stand-ins (see `visibleControl`). */
export const showControls = (value: string): string => value.replace(CONTROL, visibleControl);

/** Escapes a value for HTML text or a quoted attribute value; control characters are made visible. */
export const text = (value: string | number | boolean | null | undefined): string =>
  value === null || value === undefined ? '' : showControls(String(value)).replace(/[&<>"']/g, (c) => HTML_SPECIALS[c]!);

/** Same as `text`, named for use inside `attr="…"` (always double-quoted). */
export const attr = text;

/**
 * JSON to embed in `<script type="application/json">`: `<`, `>`, `&` and the line separators are
 * written as `\u` escapes, so no string in it can close the element or start a comment.
 */
export const jsonForScript = (value: unknown): string =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
