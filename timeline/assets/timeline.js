// Timeline filters. The filter state lives in the URL query, so a filtered view can be
// shared and survives a reload. On a one-page timeline every event is in the page and the
// filters hide cards. On a paginated one, an active filter loads a compact index of every
// event (once) and lists the matches from all pages. With JavaScript off, the pages
// themselves list every event.
(function () {
  "use strict";
  var form = document.querySelector(".tl-filters");
  if (!form) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll(".tl-card"));
  var sections = document.querySelectorAll(".tl-month, .tl-year");
  var results = document.querySelector(".tl-results");
  var output = form.querySelector(".tl-count");
  var names = ["q", "actor", "topic", "place", "kind", "status", "from", "to"];
  var text = cards.map(function (card) { return card.textContent.toLowerCase(); });
  var indexUrl = form.getAttribute("data-index");
  var root = form.getAttribute("data-root") || "";
  var index = null;
  var loading = false;

  function values() {
    var v = {};
    names.forEach(function (name) { v[name] = form.elements[name].value.trim(); });
    v.words = v.q.toLowerCase().split(/\s+/).filter(Boolean);
    return v;
  }

  function has(card, attribute, value) {
    return !value || (" " + card.getAttribute(attribute) + " ").indexOf(" " + value + " ") >= 0;
  }

  function saveToUrl(v) {
    var params = new URLSearchParams();
    names.forEach(function (name) { if (v[name]) params.set(name, v[name]); });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function filterCards(v) {
    var shown = 0;
    cards.forEach(function (card, i) {
      var ok = has(card, "data-actors", v.actor) && has(card, "data-topics", v.topic) &&
        has(card, "data-places", v.place) && has(card, "data-kind", v.kind) &&
        has(card, "data-status", v.status) &&
        (!v.from || card.getAttribute("data-end") >= v.from) &&
        (!v.to || card.getAttribute("data-start") <= v.to) &&
        v.words.every(function (w) { return text[i].indexOf(w) >= 0; });
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector(".tl-card:not([hidden])");
    });
    results.hidden = true;
    output.textContent = shown + " of " + cards.length + " events on this page";
    if (!indexUrl) output.textContent = shown + " of " + cards.length + " events";
  }

  function filterIndex(v) {
    var pick = function (list, id) { return id ? list.indexOf(id) : -1; };
    var actor = pick(index.actors, v.actor), topic = pick(index.topics, v.topic),
      place = pick(index.places, v.place);
    var ev = index.events, matches = [];
    for (var i = 0; i < index.count; i++) {
      if ((!v.actor || ev.actors[i].indexOf(actor) >= 0) && (!v.topic || ev.topics[i].indexOf(topic) >= 0) &&
          (!v.place || ev.places[i].indexOf(place) >= 0) && (!v.kind || ev.kind[i] === v.kind) &&
          (!v.status || ev.status[i] === v.status) && (!v.from || ev.end[i] >= v.from) &&
          (!v.to || ev.start[i] <= v.to) &&
          v.words.every(function (w) { return ev.title[i].toLowerCase().indexOf(w) >= 0; })) matches.push(i);
    }
    results.textContent = "";
    matches.forEach(function (i) {
      var item = document.createElement("li");
      var time = document.createElement("time");
      time.setAttribute("datetime", ev.start[i]);
      time.textContent = ev.label[i];
      var link = document.createElement("a");
      link.href = root + index.event_url.replace("{id}", ev.id[i]);
      link.textContent = ev.title[i];
      item.append(time, " ", link);
      results.appendChild(item);
    });
    sections.forEach(function (section) { section.hidden = true; });
    results.hidden = false;
    output.textContent = matches.length + " of " + index.count + " events";
  }

  function apply() {
    var v = values();
    saveToUrl(v);
    var active = names.some(function (name) { return v[name]; });
    if (!indexUrl || !active) {
      cards.forEach(function (card) { card.hidden = false; });
      return filterCards(v);
    }
    if (index) return filterIndex(v);
    output.textContent = "Loading every event…";
    if (loading) return;
    loading = true;
    fetch(indexUrl).then(function (response) { return response.json(); }).then(function (data) {
      index = data;
      apply();
    });
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
