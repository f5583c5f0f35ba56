// The unread badge in the top bar: fetched after the page loads, refreshed every minute.
(function () {
  "use strict";
  var bell = document.getElementById("notification-bell");
  var badge = document.getElementById("unread-badge");
  if (!bell || !badge) { return; }
  function refresh() {
    fetch(bell.dataset.unreadUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        badge.textContent = state.unread > 99 ? "99+" : String(state.unread);
        badge.classList.toggle("d-none", state.unread === 0);
        bell.setAttribute("aria-label", state.label);
      })
      .catch(function () {});
  }
  refresh();
  window.setInterval(refresh, 60000);
})();
