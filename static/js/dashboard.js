// Dashboard charts (Chart.js served by the portal). The numbers come from the page's
// <script id="chart-data"> and are the same as in the table under each chart.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var L = data.labels;
  var number = new Intl.NumberFormat("vi-VN");
  var money = function (v) { return number.format(v) + " ₫"; };
  var short = function (v) {  // axis ticks: 1,2 tỷ / 350 tr
    if (Math.abs(v) >= 1e9) { return number.format(Math.round(v / 1e8) / 10) + " tỷ"; }
    if (Math.abs(v) >= 1e6) { return number.format(Math.round(v / 1e6)) + " tr"; }
    return number.format(v);
  };
  var RED = "#a4161a", GREEN = "#2d6a4f", BLUE = "#1d4e89", GOLD = "#d4a017";
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;  // prints and screenshots show the final state
  function parsedValue(c) {
    if (typeof c.parsed === "number") { return c.parsed; }  // doughnut
    return c.chart.options.indexAxis === "y" ? c.parsed.x : c.parsed.y;
  }
  var moneyTooltip = { callbacks: { label: function (c) { return c.dataset.label + ": " + money(parsedValue(c)); } } };
  var charts = [];
  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { charts.push(new Chart(canvas, config)); }
  }

  function wrap(label, width) {  // long Vietnamese category names on several lines
    var lines = [], line = "";
    label.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines;
  }
  var cat = data.categories;
  draw("chart-categories", {
    type: "bar",
    data: { labels: cat.labels.map(function (l) { return wrap(l, 38); }), datasets: [{
      label: L.money, data: cat.money,
      backgroundColor: cat.substantive.map(function (s) { return s ? GREEN : GOLD; }), maxBarThickness: 28
    }] },
    options: {
      indexAxis: "y",
      plugins: { legend: { display: false }, tooltip: moneyTooltip,
        subtitle: { display: true, position: "bottom", text: L.substantive + "   ·   " + L.not_substantive, color: "#555" } },
      scales: { x: { ticks: { callback: short } }, y: { ticks: { autoSkip: false } } }
    }
  });

  draw("chart-money", {
    type: "doughnut",
    data: { labels: data.money.labels, datasets: [{ label: L.money, data: data.money.values, backgroundColor: [BLUE, GREEN, GOLD] }] },
    options: { plugins: { legend: { position: "right" }, tooltip: moneyTooltip } }
  });

  draw("chart-districts", {
    type: "bar",
    data: { labels: data.districts.labels, datasets: [{ label: L.money, data: data.districts.money, backgroundColor: RED, maxBarThickness: 28 }] },
    options: { indexAxis: "y", plugins: { legend: { display: false }, tooltip: moneyTooltip },
      scales: { x: { ticks: { callback: short } }, y: { ticks: { autoSkip: false } } } }
  });

  draw("chart-trend", {
    data: { labels: data.trend.labels, datasets: [
      { type: "bar", label: L.money, data: data.trend.money, backgroundColor: BLUE, yAxisID: "y" },
      { type: "line", label: L.share, data: data.trend.substantive_share, borderColor: GREEN, backgroundColor: GREEN, yAxisID: "share" }
    ] },
    options: {
      plugins: { tooltip: { callbacks: { label: function (c) {
        return c.dataset.yAxisID === "share" ? c.dataset.label + ": " + number.format(c.parsed.y) : c.dataset.label + ": " + money(c.parsed.y);
      } } } },
      scales: {
        y: { position: "left", ticks: { callback: short } },
        share: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false }, ticks: { callback: function (v) { return v + " %"; } } }
      }
    }
  });

  // Redraw at paper width before printing, and back afterwards.
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
  window.addEventListener("afterprint", function () { charts.forEach(function (c) { c.resize(); }); });
})();
