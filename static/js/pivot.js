// The pivot explorer's chart (Chart.js served by the portal): the first measure of the table
// beside it, one series per column value. Numbers come from <script id="pivot-chart-data">.
(function () {
  "use strict";
  var source = document.getElementById("pivot-chart-data");
  var canvas = document.getElementById("pivot-chart");
  if (!source || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var number = new Intl.NumberFormat("vi-VN");
  var format = function (v) {
    if (v === null || v === undefined) { return "–"; }
    if (data.kind === "money") { return number.format(v) + " ₫"; }
    if (data.kind === "share") { return number.format(v) + " %"; }
    return number.format(v);
  };
  var short = function (v) {  // axis ticks: 1,2 tỷ / 350 tr
    if (data.kind === "money" && Math.abs(v) >= 1e9) { return number.format(Math.round(v / 1e8) / 10) + " tỷ"; }
    if (data.kind === "money" && Math.abs(v) >= 1e6) { return number.format(Math.round(v / 1e6)) + " tr"; }
    return number.format(v);
  };
  var COLOURS = ["#1d4e89", "#2d6a4f", "#d4a017", "#a4161a", "#6c757d", "#5e548e", "#0b7285", "#e76f51",
                 "#495057", "#8d6e63", "#2a9d8f", "#b5179e"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;  // prints and screenshots show the final state
  new Chart(canvas, {
    type: data.type === "line" ? "line" : "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map(function (s, i) {
        var colour = COLOURS[i % COLOURS.length];
        return { label: s.label, data: s.data, backgroundColor: colour, borderColor: colour, maxBarThickness: 40 };
      })
    },
    options: {
      plugins: {
        legend: { display: data.series.length > 1, position: "bottom" },
        tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + format(c.parsed.y); } } }
      },
      scales: { y: { beginAtZero: true, title: { display: true, text: data.measure }, ticks: { callback: short } } }
    }
  });
})();
