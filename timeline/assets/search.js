// Pagefind's own UI, served from this site: no third-party host is called.
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var query = new URLSearchParams(location.search).get("q") || "";
  var ui = new PagefindUI({ element: "#tl-search", showSubResults: true, resetStyles: false });
  if (query) ui.triggerSearch(query);
});
