/* Draws every <figure class="chart"> from its JSON data block with plotly.js (loaded
   before this file, both deferred), then folds the table of the data away: without
   script the table stays open as the chart's readable fallback. No eval, no inline code
   (the Content-Security-Policy): only SVG trace types are used. */
(function () {
  "use strict";
  function draw(figure) {
    var island = document.getElementById(figure.getAttribute("data-figure"));
    var plot = figure.querySelector(".chart-plot");
    if (!island || !plot || typeof window.Plotly === "undefined") {
      return;
    }
    var spec = JSON.parse(island.textContent);
    plot.hidden = false;
    window.Plotly.newPlot(plot, spec.data, spec.layout, spec.config).then(function () {
      // A point whose customdata is a path on this site opens it (a heat-map cell: its people).
      plot.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        var href = point && point.customdata;
        if (typeof href === "string" && href.charAt(0) === "/") {
          window.location.assign(href);
        }
      });
      var table = figure.querySelector("details.chart-data");
      if (table) {
        table.open = false;
      }
      figure.classList.add("drawn");
    });
  }
  function drawAll() {
    var figures = document.querySelectorAll("figure.chart[data-figure]");
    for (var i = 0; i < figures.length; i++) {
      draw(figures[i]);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
