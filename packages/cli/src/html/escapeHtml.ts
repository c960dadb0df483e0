/**
 * HTML escaping for the report and the console: every string that comes from event data (ids,
 * notes, messages, reasons) goes through `text` or `attr` before it reaches a page, so it shows as
 * text and never becomes markup. Control characters (terminal escapes such as ESC `[31m`) are made
 * visible as Unicode control pictures instead of being passed on.
 */

const HTML_SPECIALS: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** C0 controls except tab and newline, DEL, and C1 controls. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** A control character as something a reader can see in any font: `\x1B` for ESC, `\x00` for NUL, `\x9B` for CSI. */
const visibleControl = (c: string): string => `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

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
