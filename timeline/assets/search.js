// Pagefind's own UI, served from this site: no third-party host is called.
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var query = new URLSearchParams(location.search).get("q") || "";
  // The search page is <site root>/search/: results link from the site root, wherever it is served.
  var root = new URL("../", location.href).pathname;
  // Two bundles: the generated pages (indexed while the site builds) and the hand-written ones.
  var ui = new PagefindUI({ element: "#tl-search", showSubResults: true, resetStyles: false,
                            baseUrl: root, bundlePath: root + "pagefind/",
                            mergeIndex: [{ bundlePath: root + "pagefind-docs/" }] });
  // Pagefind labels its input only with a title; give it a real accessible name.
  (function label() {
    var input = document.querySelector("#tl-search input[type=text], #tl-search input[type=search]");
    if (!input) return requestAnimationFrame(label);
    input.setAttribute("aria-label", "Search events, actors, topics and places");
  })();
  if (query) ui.triggerSearch(query);
});
