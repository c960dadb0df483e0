/**
 * Passwords never reach the CLI's output. Two layers: `redactUrl` removes the password from every
 * store URL the CLI shows (the label of a store, the URL quoted by an error), and `secretMask`
 * masks, in everything written to stderr, the secrets the process was given (the password of
 * `--store` or `DISPUTEKIT_STORE`, `PGPASSWORD` and other secret-looking environment variables),
 * whatever message happens to carry them.
 */

/** Placeholder for a secret removed from a text. */
const REDACTED = '***';

/** `scheme://` at the start of a URL; SQLite and memory URLs hold a path, not credentials. */
const NETWORK_URL = /^(?!sqlite:|memory:)([a-z][a-z0-9+.-]*:\/\/)/i;

/** A query (or libpq keyword) parameter that holds a secret, and its value up to the next separator. */
const SECRET_PARAMETER = /((?:^|[?&;\s])(?:[a-z_]*pass(?:word|wd)?|pwd|[a-z_]*secret|[a-z_]*token|api[_-]?key)=)[^&#;\s]*/gi;

/**
 * A URL with its password replaced by `***`: in the userinfo (up to the LAST `@`, so a raw `@`, `/`,
 * `:` or `#` in the password hides nothing after it; in the worst case more than the password is
 * hidden, never less) and in query parameters such as `password=`, `sslpassword=`, `token=`.
 */
export const redactUrl = (url: string): string => {
  let text = url;
  const scheme = NETWORK_URL.exec(text);
  if (scheme !== null) {
    const rest = text.slice(scheme[1]!.length);
    const at = rest.lastIndexOf('@');
    const colon = rest.indexOf(':');
    if (at >= 0 && colon >= 0 && colon < at) text = `${scheme[1]}${rest.slice(0, colon)}:${REDACTED}@${rest.slice(at + 1)}`;
  }
  return text.replace(SECRET_PARAMETER, `$1${REDACTED}`);
};

/** Environment variables whose values are secrets, by name (besides `PGPASSWORD`). */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN/i;
/** Shorter secrets are not masked: masking `ab` everywhere would garble messages. `redactUrl` still removes them from URLs. */
const MIN_MASKED_LENGTH = 4;
/** A value of a variable only named like a secret must be longer (so a flag such as `SKIP_TOKEN=true` garbles nothing). */
const MIN_MASKED_LENGTH_BY_NAME = 8;

/** The password of a store URL, as written and percent-decoded, plus any secret query parameter values. */
const secretsOfUrl = (url: string): string[] => {
  const found: string[] = [];
  const scheme = NETWORK_URL.exec(url);
  if (scheme !== null) {
    const rest = url.slice(scheme[1]!.length);
    const at = rest.lastIndexOf('@');
    const colon = rest.indexOf(':');
    if (at >= 0 && colon >= 0 && colon < at) found.push(rest.slice(colon + 1, at));
  }
  for (const match of url.matchAll(SECRET_PARAMETER)) found.push(match[0].slice(match[1]!.length));
  return found.flatMap((secret) => {
    try {
      return [secret, decodeURIComponent(secret)];
    } catch {
      return [secret];
    }
  });
};

/**
 * Builds the mask of the secrets this run knows: the passwords of every URL-like argument and of
 * `DISPUTEKIT_STORE` and `PGPASSWORD` (4 characters or more), and the values of environment
 * variables named like secrets (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`; 8 characters or more). The
 * mask replaces each by `***`.
 */
export const secretMask = (argv: ReadonlyArray<string>, env: Readonly<Record<string, string | undefined>>): ((text: string) => string) => {
  const named = Object.entries(env).flatMap(([name, value]) => (value !== undefined && SECRET_NAME.test(name) && value.length >= MIN_MASKED_LENGTH_BY_NAME ? [value] : []));
  const given = [...argv.flatMap(secretsOfUrl), ...secretsOfUrl(env['DISPUTEKIT_STORE'] ?? ''), env['PGPASSWORD'] ?? ''];
  // Longest first, so that a secret containing another is masked whole.
  const secrets = [...new Set([...named, ...given.filter((secret) => secret.length >= MIN_MASKED_LENGTH)])].sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (text) => text;
  return (text) => secrets.reduce((masked, secret) => masked.split(secret).join(REDACTED), text);
};
