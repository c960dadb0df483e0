import { jsonForScript, text } from './escapeHtml';
import { pageAssets } from './pageAssets';

/** A chart for the client script to draw into the element with id `target`. */
export interface PageChart {
  readonly kind: 'money' | 'deadlines' | 'bars';
  readonly target: string;
  readonly data: unknown;
}

/** A whole page: its title, body markup (already escaped), charts, and an optional top bar (markup). */
export interface PageParts {
  readonly title: string;
  readonly body: string;
  readonly charts?: ReadonlyArray<PageChart>;
  readonly topBar?: string;
}

/**
 * A complete, self-contained HTML document: the CSP as a meta tag (so a saved file keeps it), the
 * styles and scripts inline (allowed by hash), and the chart data as inert JSON. Nothing is loaded
 * from the network.
 */
export const htmlPage = (parts: PageParts): string => {
  const assets = pageAssets();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${text(assets.contentSecurityPolicy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${text(parts.title)}</title>
<style>${assets.style}</style>
</head>
<body>
${parts.topBar ?? ''}
<main>
${parts.body}
<p id="dk-chart-error" class="bad" role="status"></p>
</main>
<script type="application/json" id="dk-data">${jsonForScript({ charts: parts.charts ?? [] })}</script>
${assets.scripts.map((script) => `<script>${script}</script>`).join('\n')}
</body>
</html>
`;
};
