import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CLIENT_SCRIPT } from './clientScript';
import { PAGE_STYLES } from './styles';

/** The inline assets of every page and the Content-Security-Policy that allows exactly them. */
export interface PageAssets {
  /** uPlot (minified IIFE build, from node_modules) and our client script. */
  readonly scripts: ReadonlyArray<string>;
  /** uPlot's style sheet and ours, as one `<style>` element's text. */
  readonly style: string;
  /** `default-src 'none'`, scripts and the style only by SHA-256 hash, images only as data: URLs. */
  readonly contentSecurityPolicy: string;
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** A script's text made safe to sit inside `<script>…</script>`: no `</script` can end it early. */
const inlineSafe = (code: string): string => code.replace(/<\/(script)/gi, '<\\/$1');

let cached: PageAssets | undefined;

/**
 * Loads uPlot's IIFE build and style sheet from the installed `uplot` package (once per process)
 * and computes the CSP hashes. Throws with the path when the package is missing.
 */
export const pageAssets = (): PageAssets => {
  if (cached !== undefined) return cached;
  const requireHere = createRequire(import.meta.url);
  const read = (path: string): string => readFileSync(requireHere.resolve(path), 'utf8');
  const uplotScript = inlineSafe(read('uplot/dist/uPlot.iife.min.js'));
  const style = `${read('uplot/dist/uPlot.min.css')}\n${PAGE_STYLES}`;
  const scripts = [uplotScript, inlineSafe(CLIENT_SCRIPT)];
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    `style-src ${sha256(style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  cached = { scripts, style, contentSecurityPolicy };
  return cached;
};
