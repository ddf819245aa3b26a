/// The dashboard's one script: it polls the API and updates the page in place (counts, bars, the heatmap).
/// The pages work without it; only the live updates need it.
enum LiveScript {
    static let path = "/static/live.js"

    static let source = """
        (function () {
          "use strict";
          var page = document.body.dataset.page;
          function set(root, field, text) {
            root.querySelectorAll('[data-field="' + field + '"]').forEach(function (el) { el.textContent = text; });
          }
          function duration(s) {  // as StatusReport.duration
            if (s === null || s === undefined || !isFinite(s)) return "-";
            s = Math.ceil(s);
            if (s < 60) return s + "s";
            if (s < 3600) return Math.floor(s / 60) + "m" + String(s % 60).padStart(2, "0") + "s";
            return Math.floor(s / 3600) + "h" + String(Math.floor(s / 60) % 60).padStart(2, "0") + "m";
          }
          function percent(n, total) { return total ? (100 * n / total).toFixed(2) + "%" : "0%"; }
          function show(sweep) {
            var failed = sweep.failed + sweep.cancelled;
            var finished = sweep.pending === 0 && sweep.running === 0 && sweep.held === 0;
            document.querySelectorAll("[data-sweep]").forEach(function (root) {
              if (root.dataset.sweep !== sweep.name) return;
              set(root, "state", sweep.state);
              set(root, "done", sweep.done + "/" + sweep.total);
              set(root, "running", sweep.running);
              set(root, "leased", sweep.leased === null ? "?" : sweep.leased);
              set(root, "pending", sweep.pending + sweep.held);
              set(root, "failed", failed);
              set(root, "throughput", sweep.throughput.toFixed(1));
              set(root, "eta", finished || sweep.state !== "active" ? "-" : duration(sweep.eta_seconds));
              root.querySelectorAll('[data-field="bar"]').forEach(function (bar) {
                bar.querySelector(".done").style.width = percent(sweep.done, sweep.total);
                bar.querySelector(".running").style.width = percent(sweep.running, sweep.total);
                bar.querySelector(".failed").style.width = percent(failed, sweep.total);
              });
            });
          }
          function sweeps() {
            return fetch("/api/v1/sweeps", { credentials: "same-origin" }).then(function (response) {
              if (!response.ok) throw new Error("sweeps " + response.status);
              return response.json();
            }).then(function (doc) { doc.sweeps.forEach(show); });
          }
          var heatmapAt = 0;
          function heatmap() {
            var box = document.getElementById("phase");
            if (!box || Date.now() - heatmapAt < 5000) return Promise.resolve();
            heatmapAt = Date.now();
            return fetch(box.dataset.src, { credentials: "same-origin" }).then(function (response) {
              return response.ok ? response.text().then(function (svg) { box.innerHTML = svg; }) : null;
            });
          }
          function tick() {
            if (document.hidden) return;
            sweeps().then(heatmap).then(function () {
              document.body.dataset.live = "updated";
              document.getElementById("updated").textContent = "live, " + new Date().toLocaleTimeString();
            }).catch(function (error) {
              document.getElementById("updated").textContent = "not updating: " + error.message;
            });
          }
          tick();
          setInterval(tick, 2000);
        })();
        """
}
