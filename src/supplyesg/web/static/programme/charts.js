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

  // figures.risk is [[level, count], ...] in display order; the page has its own legend.
  function riskChart(canvas, figures, labels) {
    return new Chart(canvas, {
      type: "doughnut",
      data: {
        labels: figures.risk.map(function (pair) { return labels[pair[0]]; }),
        datasets: [{
          data: figures.risk.map(function (pair) { return pair[1]; }),
          backgroundColor: figures.risk.map(function (pair) { return COLOURS[pair[0]]; }),
          borderWidth: 2
        }]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        cutout: "62%",
        plugins: { legend: { display: false } }
      }
    });
  }

  // figures.trend.series is [[bucket, [count per quarter]], ...], best score first.
  function trendChart(canvas, figures, labels) {
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: figures.trend.quarters,
        datasets: figures.trend.series.map(function (pair) {
          return {
            label: labels[pair[0]],
            data: pair[1],
            backgroundColor: COLOURS[pair[0]],
            maxBarThickness: 56
          };
        })
      },
      options: {
        animation: false,
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
