// Timeline filters. Every event is in the page; this only hides cards. The filter state
// lives in the URL query, so a filtered view can be shared and survives a reload.
(function () {
  "use strict";
  var form = document.querySelector(".tl-filters");
  if (!form) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll(".tl-card"));
  var output = form.querySelector(".tl-count");
  var names = ["q", "actor", "topic", "place", "kind", "status", "from", "to"];
  var text = cards.map(function (card) { return card.textContent.toLowerCase(); });

  function has(card, attribute, value) {
    return !value || (" " + card.getAttribute(attribute) + " ").indexOf(" " + value + " ") >= 0;
  }

  function apply() {
    var v = {};
    names.forEach(function (name) { v[name] = form.elements[name].value.trim(); });
    var words = v.q.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card, i) {
      var ok = has(card, "data-actors", v.actor) && has(card, "data-topics", v.topic) &&
        has(card, "data-places", v.place) && has(card, "data-kind", v.kind) &&
        has(card, "data-status", v.status) &&
        (!v.from || card.getAttribute("data-end") >= v.from) &&
        (!v.to || card.getAttribute("data-start") <= v.to) &&
        words.every(function (w) { return text[i].indexOf(w) >= 0; });
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    document.querySelectorAll(".tl-month, .tl-year").forEach(function (section) {
      section.hidden = !section.querySelector(".tl-card:not([hidden])");
    });
    output.textContent = shown + " of " + cards.length + " events";
    var params = new URLSearchParams();
    names.forEach(function (name) { if (v[name]) params.set(name, v[name]); });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  var initial = new URLSearchParams(location.search);
  names.forEach(function (name) { if (initial.get(name)) form.elements[name].value = initial.get(name); });
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();
})();
