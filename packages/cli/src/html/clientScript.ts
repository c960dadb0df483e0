/**
 * The one script of our own on every page (report and console), as text: it reads the page's
 * chart data from `<script type="application/json" id="dk-data">` and draws the charts with the
 * bundled uPlot. It never evaluates or inserts data as markup: labels reach the charts as strings
 * and uPlot writes them with `textContent`. It also opens every `<details>` before printing.
 * Plain ES2017, no modules, so it runs from a file:// page under a hash-only CSP.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var COLOURS = ['#1f6feb', '#d97706', '#7c3aed', '#dc2626', '#059669', '#6b7280', '#0891b2', '#be185d'];
  var body = document.body;
  var source = document.getElementById('dk-data');
  var data = source ? JSON.parse(source.textContent || '{}') : {};
  var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); };
  var widthOf = function (el) { return Math.max(320, Math.min(1100, (el.clientWidth || 900) - 8)); };
  var money = function (digits) {
    return function (v) { return v == null ? '—' : (v / Math.pow(10, digits)).toFixed(digits); };
  };
  var drawMoney = function (el, c) {
    var fmt = money(c.digits);
    var series = [{ label: 'time (UTC)' }];
    c.series.forEach(function (s, i) {
      series.push({ label: s.label, stroke: COLOURS[i % COLOURS.length], width: 2, paths: uPlot.paths.stepped({ align: 1 }), spanGaps: false, points: { show: true, size: 5 }, value: function (u, v) { return fmt(v); } });
    });
    var columns = [c.x].concat(c.series.map(function (s) { return s.values; }));
    return new uPlot({
      width: widthOf(el), height: 260, tzDate: utc,
      scales: { x: { time: true, range: function () { return c.range; } } },
      axes: [{}, { label: c.currency, size: 70, values: function (u, vals) { return vals.map(fmt); } }],
      cursor: { sync: { key: 'dk-time' } },
      series: series
    }, columns, el);
  };
  var drawDeadlines = function (el, c) {
    var rows = c.deadlines;
    var times = {};
    rows.forEach(function (d) { times[d.start] = 1; times[d.end] = 1; });
    var x = Object.keys(times).map(Number).sort(function (a, b) { return a - b; });
    var series = [{ label: 'time (UTC)' }];
    var columns = [x];
    rows.forEach(function (d, i) {
      series.push({ label: d.label + ' — ' + d.started + '; ' + d.ended, stroke: d.how === 'EXPIRED' ? '#dc2626' : d.how === 'RUNNING' ? '#d97706' : '#059669', width: 10, spanGaps: true, points: { show: false }, value: function (u, v) { return v == null ? '' : 'active'; } });
      columns.push(x.map(function (t) { return t === d.start || t === d.end ? i + 1 : null; }));
    });
    var labels = rows.map(function (d) { return d.label; });
    return new uPlot({
      width: widthOf(el), height: 60 + 28 * rows.length, tzDate: utc,
      scales: { x: { time: true, range: function () { return c.range; } }, y: { range: [0.5, rows.length + 0.5] } },
      axes: [{}, { size: 170, splits: function () { return labels.map(function (l, i) { return i + 1; }); }, values: function (u, vals) { return vals.map(function (v) { return labels[v - 1] || ''; }); } }],
      cursor: { sync: { key: 'dk-time' } },
      legend: { show: false },
      series: series
    }, columns, el);
  };
  var drawBars = function (el, c) {
    var x = c.labels.map(function (l, i) { return i; });
    var series = [{ label: c.xLabel }];
    c.series.forEach(function (s, i) {
      series.push({ label: s.label, fill: COLOURS[i % COLOURS.length] + 'cc', stroke: COLOURS[i % COLOURS.length], paths: uPlot.paths.bars({ size: c.series.length === 2 ? [0.35, 40] : [0.7, 60], align: c.series.length === 2 ? (i === 0 ? -1 : 1) : 0 }), points: { show: false } });
    });
    return new uPlot({
      width: widthOf(el), height: 260,
      scales: { x: { time: false, range: [-0.5, Math.max(0, x.length - 0.5)] } },
      axes: [{ splits: function () { return x; }, values: function (u, vals) { return vals.map(function (v) { return c.labels[v] === undefined ? '' : c.labels[v]; }); } }, {}],
      series: series
    }, [x].concat(c.series.map(function (s) { return s.values; })), el);
  };
  var drawers = { money: drawMoney, deadlines: drawDeadlines, bars: drawBars };
  try {
    (data.charts || []).forEach(function (chart) {
      var el = document.getElementById(chart.target);
      if (!el) return;
      drawers[chart.kind](el, chart.data);
      el.setAttribute('data-drawn', 'true');
    });
    body.setAttribute('data-charts', 'drawn');
  } catch (e) {
    body.setAttribute('data-charts', 'failed');
    var note = document.getElementById('dk-chart-error');
    if (note) note.textContent = 'The charts could not be drawn: ' + (e && e.message ? e.message : String(e));
  }
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-dk-expand]'), function (button) {
    button.addEventListener('click', function () {
      var open = button.getAttribute('data-dk-expand') === 'open';
      Array.prototype.forEach.call(document.querySelectorAll('#timeline details'), function (d) { d.open = open; });
    });
  });
})();`;
