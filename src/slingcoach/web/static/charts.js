// slingcoach: progress charts drawn in the page with uPlot (static/vendor/uPlot.iife.min.js).
// Each <figure class="chart" data-chart> holds its spec as JSON in a <script type="application/json">
// (see web/charts.py and the chart macro of templates/_charts.html): x, series, kind, unit.
// Left is blue and right orange on every page (the colours of app.css).
(function () {
  "use strict";

  var COLOURS = { left: "#2b6cb0", right: "#dd6b20", both: "#1f4e5f" };
  var GAP_COLOURS = ["#1f4e5f", "#805ad5", "#2f855a", "#b7791f", "#c53030", "#319795", "#718096"];

  function seriesOptions(spec, series, index) {
    var colour = series.side === "gap"
      ? GAP_COLOURS[index % GAP_COLOURS.length]
      : COLOURS[series.side] || COLOURS.both;
    var options = { label: series.label, stroke: colour, width: 2, points: { show: true, size: 7 } };
    if (series.dashed) {
      options.dash = [6, 4];
      options.width = 1.5;
      options.points = { show: false };
    } else if (spec.kind === "bars" && window.uPlot.paths && window.uPlot.paths.bars) {
      options.paths = window.uPlot.paths.bars({ size: [0.35, 40], align: series.side === "left" ? -1 : 1 });
      options.fill = colour;
      options.points = { show: false };
    }
    options.value = function (u, v) { return v == null ? "–" : v + (spec.unit.indexOf("%") === 0 ? " %" : ""); };
    return options;
  }

  function draw(figure) {
    var source = figure.querySelector("script[type='application/json']");
    var holder = figure.querySelector(".chart__plot");
    if (!source || !holder || !window.uPlot) { return; }
    var spec = JSON.parse(source.textContent);
    if (!spec.x.length) { return; }
    var isDate = spec.x_kind === "date";
    var data = [spec.x].concat(spec.series.map(function (s) { return s.values; }));
    var options = {
      width: Math.max(holder.clientWidth, 260),
      height: 240,
      scales: { x: { time: isDate }, y: { range: function (u, min, max) {
        var low = Math.min(0, min), high = max > low ? max : low + 1;
        return [low, high + (high - low) * 0.1];
      } } },
      series: [{ label: isDate ? "date" : "week", value: isDate ? "{YYYY}-{MM}-{DD}" : function (u, v) { return v == null ? "–" : "week " + v; } }]
        .concat(spec.series.map(function (s, i) { return seriesOptions(spec, s, i); })),
      axes: [
        isDate ? {} : { values: function (u, splits) { return splits.map(function (v) { return Number.isInteger(v) ? "w" + v : ""; }); } },
        { label: spec.unit, size: 56 }
      ],
      legend: { live: true }
    };
    if (isDate && spec.x.length === 1) {  // one assessment: two weeks either side, not years
      options.scales.x = { time: true, range: [spec.x[0] - 14 * 86400, spec.x[0] + 14 * 86400] };
    }
    if (!isDate && spec.x.length) {
      options.scales.x = { time: false, range: [spec.x[0] - 0.6, spec.x[spec.x.length - 1] + 0.6] };
    }
    var plot = new window.uPlot(options, data, holder);
    var resize = function () { plot.setSize({ width: Math.max(holder.clientWidth, 260), height: 240 }); };
    if (window.ResizeObserver) { new window.ResizeObserver(resize).observe(holder); }
    else { window.addEventListener("resize", resize); }
  }

  function drawAll(root) {
    (root || document).querySelectorAll("figure[data-chart]").forEach(function (figure) {
      if (!figure.hasAttribute("data-drawn")) {
        figure.setAttribute("data-drawn", "");
        draw(figure);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.detail.elt); });
  window.slingcoach = window.slingcoach || {};
  window.slingcoach.drawCharts = drawAll;
})();
