/** The pages' own style sheet (screen and print), inlined after uPlot's. No external fonts or images. */
export const PAGE_STYLES = `
:root { --ink: #1f2328; --dim: #59636e; --line: #d1d9e0; --bg: #f6f8fa; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --mark: #fff8c5; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #fff; }
header.top { background: #24292f; color: #fff; padding: 10px 24px; display: flex; gap: 24px; align-items: center; flex-wrap: wrap; }
header.top a { color: #fff; text-decoration: none; font-weight: 600; }
header.top .brand { font-weight: 700; letter-spacing: .02em; }
header.top .status { margin-left: auto; font-size: 13px; }
main { max-width: 1160px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.sub { color: var(--dim); }
dl.subject { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 2px 14px; margin: 10px 0; }
dl.subject dt { color: var(--dim); }
dl.subject dd { margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; }
.ok { color: var(--ok); }
.bad { color: var(--bad); }
.warn { color: var(--warn); }
ul.checks { list-style: none; padding: 0; margin: 0; }
ul.checks li { padding: 4px 0; }
ul.checks li.bad { font-weight: 600; }
ul.findings { margin: 4px 0 4px 22px; padding: 0; color: var(--bad); font-weight: 400; }
.chart { margin: 8px 0; min-height: 40px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--bg); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
ol.timeline { list-style: none; padding: 0; margin: 0; }
ol.timeline > li { border-left: 3px solid var(--line); padding: 6px 0 8px 14px; margin-left: 6px; position: relative; }
ol.timeline > li.invalid { border-left-color: var(--bad); }
ol.timeline > li .line1 { display: flex; gap: 12px; flex-wrap: wrap; align-items: baseline; }
ol.timeline .v { font-weight: 700; color: var(--dim); min-width: 3em; }
ol.timeline .when { font-variant-numeric: tabular-nums; white-space: nowrap; }
ol.timeline .who { color: var(--accent); }
ol.timeline .what { flex: 1 1 360px; overflow-wrap: anywhere; white-space: pre-wrap; }
ol.timeline .money { font-weight: 600; white-space: nowrap; }
ol.timeline .after { color: var(--dim); white-space: nowrap; }
ol.timeline .rule { color: var(--dim); font-size: 12.5px; margin: 2px 0 0; }
details > summary { cursor: pointer; color: var(--accent); font-size: 13px; }
details table { width: auto; min-width: 50%; }
tr.changed td { background: var(--mark); }
tr.changed td:first-child::after { content: " (changed)"; color: var(--warn); font-size: 12px; }
.toolbar { display: flex; gap: 8px; margin: 6px 0; }
button, input, select { font: inherit; padding: 4px 10px; }
form.search { display: flex; gap: 8px; flex-wrap: wrap; margin: 12px 0; }
form.search input[type=search] { flex: 1 1 320px; }
.note { color: var(--dim); font-size: 13px; }
footer { color: var(--dim); font-size: 12px; margin-top: 36px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  header.top, .toolbar, form.search, nav, .noprint { display: none !important; }
  main { max-width: none; padding: 0; }
  body { font-size: 11pt; }
  h2 { break-after: avoid; }
  ol.timeline > li, tr { break-inside: avoid; }
  details > summary { display: none; }
  .chart { break-inside: avoid; }
  tr.changed td, .badge, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
