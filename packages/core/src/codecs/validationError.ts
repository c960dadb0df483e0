import type * as t from 'io-ts/lib/index.js';

/** One problem found in an input: where it is (`order.paid.amount`), what was expected, what was there. */
export interface ValidationIssue {
  /** Dotted path from the root of the input; array indices appear as numbers (`evidence.0.uri`). `''` is the root. */
  readonly path: string;
  /** What the codec expected, in words (`a safe integer ≥ 0`). */
  readonly expected: string;
  /** The offending value, rendered as short JSON (`12.5`, `undefined`). */
  readonly actual: string;
  /** One sentence: `order.paid.amount: expected a safe integer ≥ 0, got 12.5`. */
  readonly message: string;
}

/** The input did not decode: every problem found, each with its path. Never thrown; returned in `Left`. */
export interface ValidationError {
  readonly _tag: 'ValidationError';
  /** What was being decoded (`command`, `event`, `policy override`). */
  readonly subject: string;
  readonly issues: ReadonlyArray<ValidationIssue>;
  /** All issues joined into one readable paragraph. */
  readonly message: string;
}

const MAX_RENDERED = 80;

/** Renders any value as short, safe JSON for an error message (never throws). */
export const renderValue = (value: unknown): string => {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  let rendered: string;
  try {
    rendered = JSON.stringify(value) ?? String(value);
  } catch {
    rendered = Array.isArray(value) ? 'an array' : 'an object';
  }
  return rendered.length > MAX_RENDERED ? `${rendered.slice(0, MAX_RENDERED - 1)}…` : rendered;
};

/** Builds one issue with its message. */
export const validationIssue = (path: string, expected: string, actual: unknown): ValidationIssue => {
  const actualText = renderValue(actual);
  const where = path === '' ? '(root)' : path;
  const message =
    expected === 'no such field'
      ? `${where}: unknown field (got ${actualText})`
      : actual === undefined
        ? `${where}: is required (${expected})`
        : `${where}: expected ${expected}, got ${actualText}`;
  return { path, expected, actual: actualText, message };
};

/** Builds a `ValidationError` from issues. */
export const validationError = (subject: string, issues: ReadonlyArray<ValidationIssue>): ValidationError => ({
  _tag: 'ValidationError',
  subject,
  issues,
  message: `Invalid ${subject}: ${issues.map((issue) => issue.message).join('; ')}`,
});

/**
 * Turns io-ts errors into issues. The path is the chain of keys of the context, skipping the
 * synthetic keys io-ts adds for unions and intersections (numeric keys under a non-array type).
 */
export const issuesFromErrors = (errors: t.Errors): ReadonlyArray<ValidationIssue> => {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const error of errors) {
    const keys: string[] = [];
    const context = error.context;
    for (let i = 1; i < context.length; i++) {
      const entry = context[i];
      const parent = context[i - 1];
      if (entry === undefined || parent === undefined || entry.key === '') continue;
      const parentTag = (parent.type as { _tag?: string })._tag;
      if (parentTag === 'UnionType' || parentTag === 'IntersectionType') continue;
      keys.push(entry.key);
    }
    const last = context[context.length - 1];
    const expected = error.message ?? (last ? last.type.name : 'a valid value');
    const issue = validationIssue(keys.join('.'), expected, error.value);
    if (!seen.has(issue.message)) {
      seen.add(issue.message);
      issues.push(issue);
    }
  }
  return issues;
};
