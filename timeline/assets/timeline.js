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

  function announce(ids) {
    form.tlMatches = ids;
    document.dispatchEvent(new CustomEvent("tl:matches", { detail: ids }));
  }

  function filterCards(v, active) {
    var shown = 0, ids = new Set();
    cards.forEach(function (card, i) {
      var ok = has(card, "data-actors", v.actor) && has(card, "data-topics", v.topic) &&
        has(card, "data-places", v.place) && has(card, "data-kind", v.kind) &&
        has(card, "data-status", v.status) &&
        (!v.from || card.getAttribute("data-end") >= v.from) &&
        (!v.to || card.getAttribute("data-start") <= v.to) &&
        v.words.every(function (w) { return text[i].indexOf(w) >= 0; });
      card.hidden = !ok;
      if (ok) { shown += 1; ids.add(card.id); }
    });
    announce(active ? ids : null);
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
    announce(new Set(matches.map(function (i) { return ev.id[i]; })));
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

  var bar = form.closest(".tl-filterbar");
  var toggle = bar.querySelector(".tl-filter-toggle");
  var chips = bar.querySelector(".tl-chips");
  var labels = { q: "Text", actor: "Actor", topic: "Topic", place: "Place", kind: "Kind",
                 status: "Status", from: "From", to: "To" };
  toggle.addEventListener("click", function () {
    var open = bar.classList.toggle("tl-open");
    toggle.setAttribute("aria-expanded", String(open));
  });

  // Each active filter as a chip that removes it; the phone's "Filter" button counts them.
  function showChips(v) {
    chips.textContent = "";
    var active = names.filter(function (name) { return v[name]; });
    active.forEach(function (name) {
      var field = form.elements[name];
      var text = field.tagName === "SELECT" ? field.options[field.selectedIndex].text : v[name];
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = labels[name] + ": " + text + " ×";
      button.setAttribute("aria-label", "Remove the filter " + labels[name] + ": " + text);
      button.addEventListener("click", function () {
        field.value = "";
        apply();
        (chips.querySelector("button") || toggle.offsetParent && toggle || form.elements.q).focus();
      });
      item.appendChild(button);
      chips.appendChild(item);
    });
    toggle.querySelector(".tl-active-count").textContent = active.length ? String(active.length) : "";
  }

  function apply() {
    var v = values();
    saveToUrl(v);
    showChips(v);
    var active = names.some(function (name) { return v[name]; });
    if (!indexUrl || !active) {
      cards.forEach(function (card) { card.hidden = false; });
      return filterCards(v, active);
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
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();
})();

// The time axis: a tooltip on hover and focus; on the timeline, a click on an event whose
// card is on this page scrolls to it, dragging across the axis sets the date filter, and
// the marks the current filters exclude are dimmed.
(function () {
  "use strict";
  var svg = document.querySelector("svg.tl-axis");
  if (!svg) return;
  var tip = document.createElement("div");
  tip.className = "tl-axis-tip";
  tip.hidden = true;
  document.body.appendChild(tip);
  function show(mark) {
    var box = mark.getBoundingClientRect();
    tip.textContent = mark.getAttribute("aria-label");
    tip.hidden = false;
    tip.style.left = Math.max(4, Math.min(box.left, innerWidth - tip.offsetWidth - 4)) + "px";
    tip.style.top = (box.bottom + 6) + "px";
  }
  function hide() { tip.hidden = true; }
  svg.querySelectorAll(".tl-mark").forEach(function (mark) {
    mark.addEventListener("mouseenter", function () { show(mark); });
    mark.addEventListener("focus", function () { show(mark); });
    mark.addEventListener("mouseleave", hide);
    mark.addEventListener("blur", hide);
    mark.addEventListener("click", function (event) {
      var card = document.getElementById(mark.getAttribute("data-id") || "\u0000");
      if (!card || card.hidden) return;
      event.preventDefault();
      card.scrollIntoView({ behavior: "smooth", block: "start" });
      var link = card.querySelector("a");
      if (link) link.focus({ preventScroll: true });
    });
  });

  var form = document.querySelector(".tl-filters");
  if (!form) return;
  var first = new Date(svg.getAttribute("data-first") + "T00:00:00Z").getTime();
  var days = Number(svg.getAttribute("data-days"));
  var x0 = Number(svg.getAttribute("data-x0")), x1 = Number(svg.getAttribute("data-x1"));
  var width = Number(svg.getAttribute("data-width"));
  function svgX(clientX) {
    var box = svg.getBoundingClientRect();
    return (clientX - box.left) * width / box.width;
  }
  function dayAt(x) {
    var n = Math.floor((Math.max(x0, Math.min(x1, x)) - x0) / (x1 - x0) * days);
    return new Date(first + Math.min(n, days - 1) * 86400000).toISOString().slice(0, 10);
  }
  var brush = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  brush.setAttribute("class", "tl-brush");
  brush.setAttribute("y", "0");
  brush.setAttribute("height", svg.viewBox.baseVal.height);
  brush.setAttribute("width", "0");
  svg.insertBefore(brush, svg.firstChild);
  var start = null;
  svg.addEventListener("pointerdown", function (event) {
    if (event.target.closest && event.target.closest(".tl-mark")) return;
    start = svgX(event.clientX);
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", function (event) {
    if (start === null) return;
    var x = svgX(event.clientX);
    brush.setAttribute("x", Math.min(start, x));
    brush.setAttribute("width", Math.abs(x - start));
  });
  svg.addEventListener("pointerup", function (event) {
    if (start === null) return;
    var end = svgX(event.clientX);
    var a = Math.min(start, end), b = Math.max(start, end);
    start = null;
    brush.setAttribute("width", "0");
    if (b - a < 3) return;
    form.elements.from.value = dayAt(a);
    form.elements.to.value = dayAt(b);
    form.dispatchEvent(new Event("change"));
  });
  // Dim what the filters exclude: the timeline script marks matching events with tl:matches.
  function dim(ids) {
    svg.querySelectorAll(".tl-mark").forEach(function (mark) {
      var id = mark.getAttribute("data-id");
      var from = form.elements.from.value, to = form.elements.to.value;
      var bin = id ? null : new URL(mark.getAttribute("href"), location.href).searchParams;
      var out = id ? ids !== null && !ids.has(id)
        : (from && bin.get("to") < from) || (to && bin.get("from") > to);
      mark.classList.toggle("tl-dim", Boolean(out));
    });
  }
  document.addEventListener("tl:matches", function (event) { dim(event.detail); });
  if (form.tlMatches !== undefined) dim(form.tlMatches);
})();
