// The embeddable timeline (/embed/timeline/, loaded after timeline.js, which filters its cards
// by the URL's parameters as on the timeline). This script shows the first few events that
// match (data-show on .tl-embed), points "See all" at the timeline with the same parameters,
// and, in a frame, tells the parent page its height whenever it changes:
//
//   window.parent.postMessage({ type: "timeline:height", height: <CSS pixels> }, "*")
//
// The Data page's snippet listens for it and sets the frame's height. The height is no secret,
// hence "*": the embed may be on any site.
(function () {
  "use strict";
  var embed = document.querySelector(".tl-embed");
  if (!embed) return;
  document.documentElement.classList.remove("no-js");  // Material's own script is not loaded
  var show = Number(embed.getAttribute("data-show")) || 10;
  var cards = embed.querySelectorAll(".tl-card");
  var sections = embed.querySelectorAll(".tl-month, .tl-year");
  var results = embed.querySelector(".tl-results");
  var all = embed.querySelector(".tl-embed-all");
  var allText = all.textContent;
  var params = new URLSearchParams(location.search);
  if (params.get("order") === "oldest") embed.querySelector(".tl-order-name").textContent = "oldest first";

  // The axis's links are SVG links, which <base target> does not reach.
  embed.querySelectorAll("svg a").forEach(function (a) { a.setAttribute("target", "_top"); });

  function limit() {
    var matching = 0;
    if (results && !results.hidden) {  // matches from the filter index, in the page's order
      var items = Array.prototype.slice.call(results.children);
      items.forEach(function (item, i) { item.hidden = i >= show; });
      matching = results.children.length;
    } else {
      cards.forEach(function (card) {
        if (card.hidden) return;
        matching += 1;
        card.hidden = matching > show;
      });
      sections.forEach(function (section) {
        section.hidden = !section.querySelector(".tl-card:not([hidden])");
      });
    }
    var url = new URL(all.getAttribute("href"), location.href);
    url.search = location.search;
    all.href = url.href;
    var filtered = ["q", "actor", "topic", "place", "kind", "status", "from", "to"].some(function (name) {
      return new URLSearchParams(location.search).get(name);
    });
    all.textContent = !filtered ? allText : matching > show
      ? tlText.n("See all {count} of these events on the full timeline", "See all {count} of these events on the full timeline", matching)
      : tlText.t("Open the full timeline");
  }
  // timeline.js filters again when its index arrives (and when the axis sets dates).
  document.addEventListener("tl:matches", function () { Promise.resolve().then(limit); });
  limit();

  if (window.parent === window) return;
  var posted = 0;
  function post() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === posted) return;
    posted = height;
    window.parent.postMessage({ type: "timeline:height", height: height }, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(post).observe(document.body);
  addEventListener("resize", post);
  addEventListener("load", post);
  post();
})();
