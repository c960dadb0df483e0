/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when `text` is well-formed UTF-16: no lone surrogate. A lone surrogate has no UTF-8 form, so
 * a store would keep U+FFFD in its place (SQLite, PostgreSQL): two different ids would become one
 * and a stored text would no longer hash the same. Every text and id codec refuses one.
 */
export const isWellFormedText = (text: string): boolean => !LONE_SURROGATE.test(text);
