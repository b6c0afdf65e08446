// sprintlens front-end glue. No inline scripts: chart data arrives in
// <script type="application/json"> tags (allowed by the CSP because they are
// never executed) and is drawn here with the vendored Chart.js.
(function () {
  "use strict";

  function drawCharts(root) {
    if (typeof Chart === "undefined") return;
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) return;
      var src = document.getElementById(canvas.dataset.chart);
      if (!src) return;
      var cfg;
      try { cfg = JSON.parse(src.textContent); } catch (e) { return; }
      cfg.options = cfg.options || {};
      cfg.options.responsive = true;
      cfg.options.maintainAspectRatio = false;
      cfg.options.animation = false;
      new Chart(canvas, cfg);
      canvas.dataset.drawn = "1";
    });
  }

  // Send the CSRF token with every htmx request.
  document.addEventListener("htmx:configRequest", function (evt) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) evt.detail.headers["X-CSRF-Token"] = meta.content;
  });
  document.addEventListener("htmx:afterSwap", function (evt) { drawCharts(evt.target); });
  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });

  // Buttons marked data-print open the print dialog (sprint review).
  document.addEventListener("click", function (evt) {
    var t = evt.target.closest("[data-print]");
    if (t) { evt.preventDefault(); window.print(); }
  });
})();
