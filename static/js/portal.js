// Small helpers for the portal's pages; no framework, no external script.
(function () {
  "use strict";
  // "Select all" checkboxes: <input data-check-all="ids"> toggles every name="ids" box in the same table.
  document.querySelectorAll("[data-check-all]").forEach(function (master) {
    master.addEventListener("change", function () {
      var scope = master.closest("table") || document;
      scope.querySelectorAll('input[type=checkbox][name="' + master.dataset.checkAll + '"]').forEach(function (box) {
        box.checked = master.checked;
      });
    });
  });
  // Buttons that need a confirmation: <button data-confirm="message">.
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) { event.preventDefault(); }
    });
  });
  // Money inputs: show thousands separators while typing (the server parses them either way).
  document.querySelectorAll("input[data-money]").forEach(function (input) {
    input.addEventListener("blur", function () {
      var digits = input.value.replace(/[.\s₫]/g, "");
      if (/^\d+$/.test(digits)) {
        input.value = digits.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ".");
      }
    });
  });
})();
// Activity form: list only the communes of the chosen partnership's area that exist on the start
// date (units have a validity: the 2025 reform merged communes); the server checks both too.
(function () {
  "use strict";
  var data = document.getElementById("commune-areas");
  var partnership = document.getElementById("id_partnership");
  var commune = document.getElementById("id_commune");
  if (!data || !partnership || !commune) { return; }
  var areas = JSON.parse(data.textContent);
  var validityData = document.getElementById("commune-validity");
  var validity = validityData ? JSON.parse(validityData.textContent) : {};
  var start = document.getElementById("id_start_date");
  function startDate() {
    var m = start && start.value.trim().match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
    return m ? m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2) : null;
  }
  function narrow() {
    var allowed = areas[partnership.value], on = startDate();
    Array.prototype.forEach.call(commune.options, function (option) {
      var ok = !option.value || !allowed || allowed.indexOf(parseInt(option.value, 10)) !== -1;
      var span = validity[option.value];
      if (ok && span && on) { ok = (!span[0] || span[0] <= on) && (!span[1] || on <= span[1]); }
      option.hidden = !ok;
      option.disabled = !ok;
    });
    if (commune.selectedOptions.length && commune.selectedOptions[0].disabled) { commune.value = ""; }
  }
  partnership.addEventListener("change", narrow);
  if (start) { start.addEventListener("change", narrow); start.addEventListener("blur", function () { setTimeout(narrow, 0); }); }
  narrow();
})();
// Date inputs: "15032024", "15-03-2024" or "15.03.2024" become "15/03/2024" when leaving the field.
(function () {
  "use strict";
  document.querySelectorAll("input[data-date]").forEach(function (input) {
    input.addEventListener("blur", function () {
      var v = input.value.trim(), m = v.match(/^(\d{1,2})[.\-\/](\d{1,2})[.\-\/](\d{4})$/) || v.match(/^(\d{2})(\d{2})(\d{4})$/);
      if (m) { input.value = ("0" + m[1]).slice(-2) + "/" + ("0" + m[2]).slice(-2) + "/" + m[3]; }
    });
  });
})();
// Every page (loaded by base.html): what used to be inline handlers, kept out of the HTML so the
// Content-Security-Policy can forbid inline script.
(function () {
  "use strict";
  // <select data-autosubmit> submits its form when changed (the language switch).
  document.querySelectorAll("[data-autosubmit]").forEach(function (field) {
    field.addEventListener("change", function () { field.form.submit(); });
  });
  // <button data-print> prints the page.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
// Idle sessions: the server ends a session after <body data-idle-seconds> without a request; warn
// <body data-idle-warning-seconds> before that, and let the user keep working (one request to the
// keep-alive URL). When the time is up, reload: the server then shows the login page and says why.
(function () {
  "use strict";
  var body = document.body, warning = document.getElementById("idle-warning");
  var idle = parseInt(body.dataset.idleSeconds || "", 10);
  if (!warning || !(idle > 0)) { return; }
  var before = Math.min(parseInt(body.dataset.idleWarningSeconds || "120", 10), idle);
  var warnTimer, endTimer;
  function arm() {
    clearTimeout(warnTimer); clearTimeout(endTimer);
    warning.classList.add("d-none");
    warnTimer = setTimeout(function () { warning.classList.remove("d-none"); }, (idle - before) * 1000);
    endTimer = setTimeout(function () { window.location.reload(); }, (idle + 5) * 1000);
  }
  var keep = warning.querySelector("[data-keepalive]");
  if (keep) {
    keep.addEventListener("click", function () {
      fetch(body.dataset.keepaliveUrl, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
        if (response.ok) { arm(); } else { window.location.reload(); }
      });
    });
  }
  arm();
})();
// A table that scrolls sideways can be reached and scrolled with the keyboard (axe:
// scrollable-region-focusable): only those that do overflow become a tab stop.
(function () {
  "use strict";
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) { box.tabIndex = 0; }
  });
})();
