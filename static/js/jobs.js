// Background jobs: poll each progress block's status URL and update it in place, without a reload.
(function () {
  "use strict";
  var EVERY_MS = 1000;
  function update(block, state) {
    block.querySelector("[data-job-label]").textContent = state.status_label;
    block.querySelector("[data-job-done]").textContent = state.done.toLocaleString("vi-VN");
    block.querySelector("[data-job-total]").textContent = state.total.toLocaleString("vi-VN");
    var bar = block.querySelector("[data-job-bar]");
    bar.style.width = state.percent + "%";
    bar.textContent = state.percent + "%";
    bar.parentNode.setAttribute("aria-valuenow", String(state.percent));
    bar.classList.toggle("bg-danger", state.status === "failed");
    bar.classList.toggle("bg-success", state.status === "done");
    bar.classList.toggle("progress-bar-striped", !state.finished);
    bar.classList.toggle("progress-bar-animated", !state.finished);
    var error = block.querySelector("[data-job-error]");
    error.textContent = state.error || "";
    error.classList.toggle("d-none", !state.error);
    var download = block.querySelector("[data-job-download]");
    if (state.download_url) { download.href = state.download_url; }
    download.classList.toggle("d-none", !state.download_url);
    block.querySelector("[data-job-retry]").classList.toggle("d-none", !state.may_retry);
    var outcome = block.querySelector("[data-job-outcome]");
    if (outcome) {
      var link = outcome.querySelector("[data-job-outcome-link]");
      outcome.querySelector("[data-job-outcome-text]").textContent = state.outcome ? state.outcome.text || "" : "";
      link.textContent = state.outcome ? state.outcome.label || "" : "";
      if (state.outcome && state.outcome.url) { link.href = state.outcome.url; }
      link.classList.toggle("d-none", !(state.outcome && state.outcome.url) || block.hasAttribute("data-outcome-here"));
      outcome.classList.toggle("d-none", !state.outcome);
    }
    block.dataset.finished = state.finished ? "1" : "0";
  }
  function poll(block) {
    fetch(block.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (state) {
        update(block, state);
        if (!state.finished) { window.setTimeout(function () { poll(block); }, EVERY_MS); }
      })
      .catch(function () { window.setTimeout(function () { poll(block); }, EVERY_MS * 5); });
  }
  document.querySelectorAll("[data-job-progress]").forEach(function (block) {
    var bar = block.querySelector("[data-job-bar]");
    bar.style.width = (bar.parentNode.getAttribute("aria-valuenow") || "0") + "%";
    if (block.dataset.finished !== "1") { poll(block); }
  });
})();
