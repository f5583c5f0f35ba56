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
