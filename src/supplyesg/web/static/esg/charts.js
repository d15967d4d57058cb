/* Draws the ESG figures charts (Chart.js, vendored) from the figures the page carries in
   <script type="application/json" id="esg-chart-data">: no figure is computed here.
   Drawn on load and again whenever htmx swaps in a new page of figures. */
(function () {
  "use strict";

  var SCOPE_COLOURS = { scope1: "#235f3c", scope2: "#7fb896" };
  var MIX_COLOURS = [
    "#2f7d4f", "#d98e04", "#175cd3", "#b42318", "#7a3fb8", "#0f6b70", "#8a939e", "#c2571a"
  ];

  function ghgChart(canvas, chart, labels) {
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.years,
        datasets: ["scope1", "scope2"].map(function (key) {
          return { label: labels[key], data: chart[key], backgroundColor: SCOPE_COLOURS[key] };
        })
      },
      options: {
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, grid: { display: false } },
          y: { stacked: true, beginAtZero: true }
        },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
      }
    });
  }

  function mixChart(canvas, chart) {
    return new Chart(canvas, {
      type: "doughnut",
      data: {
        labels: chart.mix_labels,
        datasets: [{
          data: chart.mix_mwh,
          backgroundColor: chart.mix_mwh.map(function (_, i) { return MIX_COLOURS[i % MIX_COLOURS.length]; }),
          borderWidth: 2
        }]
      },
      options: {
        maintainAspectRatio: false,
        cutout: "58%",
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
      }
    });
  }

  function draw() {
    var source = document.getElementById("esg-chart-data");
    if (!source || typeof Chart === "undefined") {
      return;
    }
    var payload = JSON.parse(source.textContent);
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = "#4a5565";
    var ghg = document.getElementById("esg-ghg-chart");
    if (ghg && !Chart.getChart(ghg) && payload.chart.years.length) {
      ghgChart(ghg, payload.chart, payload.labels);
    }
    var mix = document.getElementById("esg-energy-chart");
    if (mix && !Chart.getChart(mix) && payload.chart.mix_mwh.length) {
      mixChart(mix, payload.chart);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
  document.addEventListener("htmx:afterSettle", draw);
})();
