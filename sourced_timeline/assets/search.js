// Pagefind's own UI, served from this site: no third-party host is called.
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var query = new URLSearchParams(location.search).get("q") || "";
  // The search page is <site root>/search/: results link from the site root, wherever it is served.
  var root = new URL("../", location.href).pathname;
  // The generated pages' bundles (indexed while the site builds, a few thousand pages each)
  // and the hand-written pages' bundle, merged into one search.
  var bundles = (document.getElementById("tl-search").dataset.bundles || "pagefind").split(" ");
  var merged = bundles.slice(1).concat(["pagefind-docs"]).map(function (name) {
    return { bundlePath: root + name + "/" };
  });
  // A result's details are shown as "key: value": the keys and the type named in the site's language.
  var KEYS = { date: tlText.t("Date"), type: tlText.t("Type") };
  function translated(result) {
    var meta = {};
    Object.keys(result.meta || {}).forEach(function (key) {
      var value = result.meta[key];
      meta[KEYS[key] || key] = key === "type" ? tlText.t(value) : value;
    });
    result.meta = meta;
    return result;
  }
  var ui = new PagefindUI({ element: "#tl-search", showSubResults: true, showImages: false, resetStyles: false,
                            baseUrl: root, bundlePath: root + bundles[0] + "/", mergeIndex: merged,
                            processResult: translated });
  // Pagefind labels its input only with a title; give it a real accessible name.
  (function label() {
    var input = document.querySelector("#tl-search input[type=text], #tl-search input[type=search]");
    if (!input) return requestAnimationFrame(label);
    input.setAttribute("aria-label", tlText.t("Search events, actors, topics and places"));
  })();
  if (query) ui.triggerSearch(query);
});
