/* Draws the programme charts (Chart.js, vendored) from the figures the page carries in
   <script type="application/json" id="programme-chart-data">: no figure is computed here. */
(function () {
  "use strict";

  var COLOURS = {
    low: "#2f7d4f",
    medium: "#d98e04",
    high: "#b42318",
    "score_1": "#2f7d4f",
    "score_0": "#d98e04",
    "score_-1": "#b42318",
    audit_overdue: "#7a3fb8",
    not_rated: "#a3acb7",
    terminated: "#48515c"
  };

  function riskChart(canvas, figures, labels) {
    var keys = Object.keys(figures.risk);
    return new Chart(canvas, {
      type: "doughnut",
      data: {
        labels: keys.map(function (key) { return labels[key]; }),
        datasets: [{
          data: keys.map(function (key) { return figures.risk[key]; }),
          backgroundColor: keys.map(function (key) { return COLOURS[key]; }),
          borderWidth: 2
        }]
      },
      options: {
        maintainAspectRatio: false,
        cutout: "62%",
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
      }
    });
  }

  function trendChart(canvas, figures, labels) {
    var series = figures.trend.series;
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: figures.trend.quarters,
        datasets: Object.keys(series).map(function (key) {
          return { label: labels[key], data: series[key], backgroundColor: COLOURS[key] };
        })
      },
      options: {
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }
        },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
      }
    });
  }

  function draw() {
    var source = document.getElementById("programme-chart-data");
    if (!source || typeof Chart === "undefined") {
      return;
    }
    var payload = JSON.parse(source.textContent);
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = "#4a5565";
    var risk = document.getElementById("risk-chart");
    if (risk) {
      riskChart(risk, payload.figures, payload.labels);
    }
    var trend = document.getElementById("trend-chart");
    if (trend && payload.figures.trend.quarters.length) {
      trendChart(trend, payload.figures, payload.labels);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
