// The scripts' words in the site's language (window.tlText, for this file's parts and the
// other scripts): the messages the theme writes into the page (<script id="tl-messages"
// type="application/json">, from sourced_timeline/i18n.py) for a site not in English;
// without them, the English the scripts are written in. This script is loaded first.
(function () {
  "use strict";
  var element = document.getElementById("tl-messages");
  var data = element ? JSON.parse(element.textContent) : {};
  var messages = data.messages || {}, plurals = data.plurals || {}, months = data.months || {};
  var ENGLISH = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(data.language || "en") : null;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }
  function t(message, values) { return fill(messages[message] || message, values); }
  function n(singular, plural, count, values) {
    var forms = plurals[singular];
    var text = forms ? forms[rules ? rules.select(count) : "other"] || forms.other || plural
      : count === 1 ? singular : plural;
    var all = { count: count };
    for (var name in values || {}) all[name] = values[name];
    return fill(text, all);
  }
  function month(m0, width) { return (months[width || "LLL"] || ENGLISH)[m0]; }
  // A date (a UTC time) by a CLDR pattern, as i18n.py's Babel writes it: d, MMM/LLL, MMMM/LLLL,
  // y and 'quoted' text, enough for the patterns the catalogues give dates ("d MMM y").
  function format(time, pattern) {
    var at = new Date(time);
    return pattern.replace(/'([^']*)'|d+|M+|L+|y+/g, function (token, quoted) {
      if (quoted !== undefined) return quoted || "'";
      var c = token.charAt(0), size = token.length;
      if (c === "d") return size > 1 ? ("0" + at.getUTCDate()).slice(-2) : String(at.getUTCDate());
      if (c === "y") return String(at.getUTCFullYear());
      if (size <= 2) return String(at.getUTCMonth() + 1);
      return month(at.getUTCMonth(), c + c + c + (size > 3 ? c : ""));
    });
  }
  // Days as the server writes them (i18n.Messages.span): '17–18 Feb 2026', '6 Jan – 8 Mar 2026'.
  function days(first, last) {
    var p = new Date(first), q = new Date(last), tail = format(last, t("d MMM y"));
    if (first === last) return tail;
    if (p.getUTCFullYear() !== q.getUTCFullYear()) {
      return fill(t("{start} – {end}"), { start: format(first, t("d MMM y")), end: tail });
    }
    if (p.getUTCMonth() !== q.getUTCMonth()) {
      return fill(t("{start} – {end}"), { start: format(first, t("d MMM")), end: tail });
    }
    return fill(t("{start}–{end}"), { start: format(first, t("d")), end: tail });
  }
  // A day as 'YYYY-MM-DD' (a date field's value) as the pages write days: '17 Feb 2026'.
  function day(iso) {
    var time = Date.parse(iso + "T00:00:00Z");
    return isNaN(time) ? iso : format(time, t("d MMM y"));
  }
  window.tlText = { t: t, n: n, month: month, days: days, day: day };
})();

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
  var oldestFirst = new URLSearchParams(location.search).get("order") === "oldest";

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
    var params = new URLSearchParams(location.search);  // keeps ?order= and the axis's own
    names.forEach(function (name) { if (v[name]) params.set(name, v[name]); else params.delete(name); });
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
    output.textContent = tlText.t(indexUrl ? "{shown} of {total} events on this page" : "{shown} of {total} events",
                                  { shown: shown, total: cards.length });
    describe(v, shown);
    showCount(active || !indexUrl ? shown : Number(intro && intro.getAttribute("data-total")) || shown);
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
    if (!oldestFirst) matches.reverse();  // the index is in date order; the list is newest first
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
    output.textContent = tlText.t("{shown} of {total} events", { shown: matches.length, total: index.count });
    describe(v, matches.length);
    showCount(matches.length);
  }

  var bar = form.closest(".tl-filterbar");
  var toggle = bar.querySelector(".tl-filter-toggle");
  var chips = bar.querySelector(".tl-chips");
  var labels = { q: "Text", actor: "Actor", topic: "Topic", place: "Place", kind: "Kind",
                 status: "Status", from: "From", to: "To" };
  for (var key in labels) labels[key] = tlText.t(labels[key]);
  // On phones the filters are a bottom sheet: the "Filter" button opens it, and "Show N
  // events" (N counted as the filters change), ×, Escape or a tap beside it close it.
  var show = form.querySelector(".tl-show");
  function setOpen(open) {
    bar.classList.toggle("tl-open", open);
    document.documentElement.classList.toggle("tl-sheet-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    // Focus to the sheet's close button, not its text field: a phone's keyboard would cover the sheet.
    if (open) form.querySelector(".tl-sheet-close").focus({ preventScroll: true });
    else if (toggle.offsetParent) toggle.focus({ preventScroll: true });
  }
  toggle.addEventListener("click", function () { setOpen(!bar.classList.contains("tl-open")); });
  form.querySelector(".tl-sheet-close").addEventListener("click", function () { setOpen(false); });
  bar.addEventListener("click", function (event) { if (event.target === bar) setOpen(false); });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && bar.classList.contains("tl-open")) setOpen(false);
  });
  show.addEventListener("click", function () {
    setOpen(false);
    bar.scrollIntoView({ block: "start" });  // the active filters' chips, then the first match
  });
  function showCount(count) {
    show.textContent = count ? tlText.n("Show {count} event", "Show {count} events", count) : tlText.t("No events match");
  }

  // Each active filter as a chip that removes it; the phone's "Filter" button counts them.
  function showChips(v) {
    chips.textContent = "";
    var active = names.filter(function (name) { return v[name]; });
    active.forEach(function (name) {
      var field = form.elements[name];
      var text = field.tagName === "SELECT" ? field.options[field.selectedIndex].text
        : field.type === "date" ? tlText.day(v[name]) : v[name];
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = labels[name] + ": " + text + " ×";
      button.setAttribute("aria-label", tlText.t("Remove the filter {name}: {value}", { name: labels[name], value: text }));
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

  // The intro says what is listed: "14 events involving Vladimir Putin, about Territory".
  var intro = document.querySelector(".tl-intro");
  var introText = intro ? intro.textContent : "";
  function describe(v, count) {
    if (!intro) return;
    var named = function (name) {
      var field = form.elements[name];
      return field.tagName === "SELECT" ? field.options[field.selectedIndex].text : v[name];
    };
    var parts = [];
    if (v.actor) parts.push(tlText.t("involving {name}", { name: named("actor") }));
    if (v.topic) parts.push(tlText.t("about {name}", { name: named("topic") }));
    if (v.place) parts.push(tlText.t("in {name}", { name: named("place") }));
    if (v.kind) parts.push(tlText.t("of the kind “{name}”", { name: named("kind") }));
    if (v.status) parts.push(named("status"));
    if (v.from || v.to) {
      parts.push(tlText.t(v.from && v.to ? "from {start} to {end}" : v.from ? "from {start}" : "until {end}",
                          { start: tlText.day(v.from), end: tlText.day(v.to) }));
    }
    if (v.q) parts.push(tlText.t("matching “{text}”", { text: v.q }));
    intro.textContent = parts.length
      ? tlText.n("{count} event {filters}", "{count} events {filters}", count, { filters: parts.join(", ") }) : introText;
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
    output.textContent = tlText.t("Loading every event…");
    if (loading) return;
    loading = true;
    fetch(indexUrl).then(function (response) { return response.json(); }).then(function (data) {
      index = data;
      apply();
    });
  }

  // Newest first, as the server lists them; ?order=oldest reverses years, months and cards.
  var initial = new URLSearchParams(location.search);
  var orderLink = document.querySelector(".tl-order");
  if (oldestFirst) {
    var reverse = function (parent, selector) {
      var items = Array.prototype.filter.call(parent.children, function (c) { return c.matches(selector); });
      items.reverse().forEach(function (item) { parent.appendChild(item); });
    };
    var years = document.querySelectorAll(".tl-year");
    if (years.length) {
      reverse(years[0].parentNode, ".tl-year");
      years.forEach(function (year) { reverse(year, ".tl-month"); });
      document.querySelectorAll(".tl-month").forEach(function (month) { reverse(month, ".tl-card"); });
      cards.reverse();
      text.reverse();
    }
    if (orderLink) {
      document.querySelector(".tl-order-name").textContent = tlText.t("oldest first");
      orderLink.textContent = tlText.t("newest first");
      var newest = new URLSearchParams(location.search);
      newest.delete("order");
      orderLink.href = location.pathname + (newest.toString() ? "?" + newest : "");
      var jump = document.createElement("a");
      jump.href = "#tl-latest";
      jump.textContent = tlText.t("Jump to latest");
      jump.className = "tl-jump";
      orderLink.parentNode.after(jump);
      var last = cards[cards.length - 1];
      if (last) last.id && last.insertAdjacentHTML("beforebegin", '<span id="tl-latest"></span>');
    }
  } else if (orderLink && initial.toString()) {
    var oldest = new URLSearchParams(location.search);
    oldest.set("order", "oldest");
    orderLink.href = location.pathname + "?" + oldest;
  }
  names.forEach(function (name) { if (initial.get(name)) form.elements[name].value = initial.get(name); });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();
})();

// The time axis (sourced_timeline/axis.py): overview + detail. The server draws both on the latest
// period, marks outside it hidden. This script draws the detail view again in the page's own
// pixels whenever its width or period changes (text never scaled, nothing wider than the
// column): lane labels above the lanes on phones, marks that would touch in a lane's next row,
// and past its rows behind a "+n" stack (a click zooms in). Drags, swipes, sideways wheels and
// the overview pan; the presets (kept in the URL as ?span=) zoom. The axis is one tab stop:
// the arrow keys move through the events in date order, Home and End go to the first and the
// latest, Enter opens the card (on the timeline) or the event's page. Dates are filtered only
// by the "Show these dates" link, never by a gesture.
(function () {
  "use strict";
  var svg = document.querySelector("svg.tl-axis");
  if (!svg) return;
  var NS = "http://www.w3.org/2000/svg";
  var DAY = 86400000, TOP = Number(svg.getAttribute("data-top") || 24), BOTTOM = 4, DOT = 5, GAP = 3, MIN_WIDTH = 4, MIN_TICK = 56;
  var NARROW = 600, LABEL_WIDTH = 150, BADGE = 30, LONG_WINDOW = 731;
  var frame = svg.closest(".tl-axis-frame") || svg.parentNode;
  frame.classList.add("tl-js");
  var first = Date.parse(svg.getAttribute("data-first") + "T00:00:00Z");
  var end = Number(svg.getAttribute("data-end"));
  var pitch = Number(svg.getAttribute("data-pitch")), rows = Number(svg.getAttribute("data-rows"));
  var height = svg.viewBox.baseVal.height;
  var ticks = svg.querySelector(".tl-ticks");
  // Eras: a band each behind the marks, named above the ticks where the name fits.
  var eras = Array.prototype.map.call(svg.querySelectorAll(".tl-eras > g"), function (g) {
    return { g: g, d: Number(g.getAttribute("data-d")), n: Number(g.getAttribute("data-n")),
      rect: g.querySelector("rect"), text: g.querySelector("text") };
  });
  var lanes = svg.querySelectorAll(".tl-lane"), names = svg.querySelectorAll(".tl-lane-name");
  var label = frame.querySelector(".tl-axis-window");
  var show = frame.querySelector(".tl-axis-show");
  var presets = frame.querySelectorAll(".tl-axis-presets button");
  // The periods this axis offers (chosen from its data, the first the one it opens on).
  var SPANS = {}, OPENING = presets.length ? presets[0].getAttribute("data-span") : "all";
  presets.forEach(function (b) { SPANS[b.getAttribute("data-span")] = Number(b.getAttribute("data-days")); });
  var overview = frame.querySelector("svg.tl-overview");
  var knots = overview ? overview.getAttribute("data-knots").split(",").map(function (pair) {
    return pair.split(" ").map(Number);
  }) : [];
  var win = overview && overview.querySelector(".tl-ov-window");

  var top = document.createElementNS(NS, "g");  // stacks and the focus ring, above the marks
  top.setAttribute("class", "tl-axis-top");
  top.setAttribute("aria-hidden", "true");
  svg.appendChild(top);
  var ring = document.createElementNS(NS, "rect");
  ring.setAttribute("class", "tl-ring");
  ring.setAttribute("rx", "4");

  var marks = Array.prototype.map.call(svg.querySelectorAll(".tl-mark"), function (a, i) {
    var c = a.classList;
    a.setAttribute("tabindex", "-1");
    return {
      a: a, i: i, d: Number(a.getAttribute("data-d")), n: Number(a.getAttribute("data-n") || 1),
      id: c.contains("tl-bin") ? "" : decodeURIComponent(a.getAttribute("href").split("/").filter(Boolean).pop()),
      lane: Number(a.getAttribute("data-l")), shape: a.firstElementChild, line: a.children[1] || null,
      kind: c.contains("tl-b") ? "bar" : c.contains("tl-w") ? "window" : c.contains("tl-bin") ? "bin" : "point",
      h: Number(a.firstElementChild.getAttribute("height") || 8)
    };
  });
  var order = marks.slice().sort(function (p, q) { return p.d - q.d || p.i - q.i; });
  order.forEach(function (m, k) { m.k = k; });
  var byLink = new Map(marks.map(function (m) { return [m.a, m]; }));

  // The period shown: its first day (a day offset from data-first, fractional while panning)
  // and its length in days; a preset's name, or "" once zoomed into a stack.
  // The filters may rewrite the query before this runs: the address the page was opened at counts.
  var opened = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  var preset = new URLSearchParams(location.search).get("span") ||
    (opened ? new URL(opened.name).searchParams.get("span") : null);
  if (!Object.prototype.hasOwnProperty.call(SPANS, preset)) preset = OPENING;
  var view = { start: 0, span: 1 };
  function spanOf(name) { return SPANS[name] || end * 1.04 + 2; }
  function clamp(start, span) {
    if (span >= end) return (end - span) / 2;
    return Math.min(Math.max(start, -span * 0.05), end - span);
  }
  function setPreset(name, anchorEnd) {
    preset = name;
    view.span = spanOf(name);
    view.start = clamp(anchorEnd - view.span, view.span);
    presets.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-span") === name)); });
  }
  setPreset(preset, end);

  function date(day) { return new Date(first + Math.round(day) * DAY); }
  // The first of a month as a time: Date.UTC would read years 0–99 as 1900–1999.
  function utcMonth(year, m0) { var t = new Date(Date.UTC(2000, m0, 1)); t.setUTCFullYear(year); return t.getTime(); }
  function iso(day) { return date(day).toISOString().slice(0, 10); }
  // The period shown: its days, or over two years and more its years (as the server writes it).
  // Long or not by the period's length, not by the days it touches: panned to a fraction of a
  // day, a two-year period touches one day more and would switch to years.
  function windowLabel(a, b) {
    return Math.round(view.span) - 1 >= LONG_WINDOW
      ? date(a).getUTCFullYear() + "–" + date(b).getUTCFullYear() : daySpan(a, b);
  }
  function daySpan(a, b) { return tlText.days(date(a).getTime(), date(b).getTime()); }

  // Ticks by the rules of axis._ticks: days (every 1, 2, 7 or 14), months (1, 3, 6), years.
  function tickList(start, stop, perDay) {
    var out = [], low = Math.floor(start), high = Math.ceil(stop), d, month = -1;
    var steps = [1, 2, 7, 14];
    for (var s = 0; s < steps.length; s++) {
      var step = steps[s];
      if (step * perDay < MIN_TICK) continue;
      var monday = (8 - date(0).getUTCDay()) % 7;  // the first Monday's offset
      d = step <= 2 ? low : low + ((monday - low) % 7 + 7) % 7;
      if (step === 14 && ((d - monday) / 7) % 2) d += 7;
      for (; d < high; d += step) {
        if (d < start || (step === 2 && d % 2)) continue;
        var at = date(d), isNew = at.getUTCMonth() !== month;
        out.push([d, isNew ? at.getUTCDate() + " " + tlText.month(at.getUTCMonth()) : String(at.getUTCDate()), isNew]);
        month = at.getUTCMonth();
      }
      return out;
    }
    var months = [1, 3, 6].filter(function (m) { return m * 30.4 * perDay >= MIN_TICK; })[0] || 0;
    var years = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].filter(function (y) { return y * 365.25 * perDay >= MIN_TICK; })[0] || 1000;
    var from = date(low), index = from.getUTCFullYear() * 12 + from.getUTCMonth();
    for (;; index++) {
      var year = Math.floor(index / 12), m0 = index % 12;
      d = (utcMonth(year, m0) - first) / DAY;
      if (d >= high) return out;
      if (d < start) continue;
      if (m0 === 0 && year % years === 0) out.push([d, String(year), true]);
      else if (months && m0 % months === 0) out.push([d, tlText.month(m0), false]);
    }
  }

  function el(name, attributes, parent) {
    var node = document.createElementNS(NS, name);
    for (var key in attributes) node.setAttribute(key, attributes[key]);
    parent.appendChild(node);
    return node;
  }
  function r1(value) { return Math.round(value * 10) / 10; }

  // A mark's shape with its left end, width and row's centre.
  function place(m, left, width, y) {
    var s = m.shape;
    if (m.kind === "point") {
      s.setAttribute("cx", r1(left + width / 2));
      s.setAttribute("cy", r1(y));
      return;
    }
    var h = m.kind === "window" ? 10 : m.kind === "bar" ? 8 : m.h;
    s.setAttribute("x", r1(left));
    s.setAttribute("width", r1(width));
    s.setAttribute("y", r1(y - h / 2));
    if (m.line) {
      m.line.setAttribute("d", "M" + r1(left) + " " + r1(y - 4) + "v8m0-4h" + r1(width) + "m0-4v8");
    }
  }

  var focused = null, roving = null, stacks = [], geometry = { x0: 0, perDay: 1 };
  function visible(m) { return !m.a.classList.contains("tl-out"); }

  function draw() {
    var width = svg.getBoundingClientRect().width;
    if (!width) return;
    var narrow = width < NARROW;
    var x0 = narrow ? 8 : LABEL_WIDTH, x1 = width - (narrow ? 8 : 12);
    var perDay = (x1 - x0) / view.span, start = view.start, stop = view.start + view.span;
    var x = function (day) { return x0 + (day - start) * perDay; };
    var labelHeight = narrow ? 12 : 0;
    geometry = { x0: x0, perDay: perDay };
    svg.setAttribute("viewBox", "0 0 " + r1(width) + " " + height);
    svg.classList.toggle("tl-narrow", narrow);
    lanes.forEach(function (lane) { lane.setAttribute("width", r1(width)); });
    names.forEach(function (name, i) {
      var laneTop = TOP + i * pitch;
      name.setAttribute("x", narrow ? x0 : x0 - 8);
      name.setAttribute("y", narrow ? laneTop + 11 : laneTop + pitch / 2 + 4);
      name.setAttribute("text-anchor", narrow ? "start" : "end");
    });
    ticks.textContent = "";
    tickList(start, stop, perDay).forEach(function (tick) {
      var tx = r1(x(tick[0]));
      if (tx < x0 - 1 || tx > x1 + 1) return;
      el("line", { x1: tx, y1: TOP - 6, x2: tx, y2: height, class: tick[2] ? "tl-major" : "" }, ticks);
      var text = el("text", { x: tx, y: TOP - 10 }, ticks);
      text.textContent = tick[1];
      if (tx > x1 - 30) text.setAttribute("text-anchor", "end");
    });
    eras.forEach(function (era) {
      var left = Math.max(x(era.d), x0), right = Math.min(x(era.d + era.n), x1);
      era.g.classList.toggle("tl-out", right <= left);
      if (right <= left) return;
      era.rect.setAttribute("x", r1(left));
      era.rect.setAttribute("width", r1(right - left));
      era.text.setAttribute("x", r1(left + 3));
      era.text.style.visibility = era.text.getComputedTextLength() + 6 > right - left ? "hidden" : "";
    });
    top.textContent = "";
    stacks = [];
    var rowY = function (lane, row) { return TOP + lane * pitch + labelHeight + (pitch - labelHeight) * (row + 0.5) / rows; };
    var perLane = {};
    order.forEach(function (m) {
      var inView = m.kind === "point" ? x(m.d + 0.5) >= x0 && x(m.d + 0.5) <= x1 : m.d + m.n > start && m.d < stop;
      m.a.classList.toggle("tl-out", !inView);
      m.a.classList.remove("tl-stacked");
      m.stack = null;
      if (inView) (perLane[m.lane] = perLane[m.lane] || []).push(m);
    });
    Object.keys(perLane).forEach(function (laneKey) {
      var lane = Number(laneKey), ends = [], last = [];
      for (var r = 0; r < rows; r++) { ends.push(-Infinity); last.push(null); }
      perLane[laneKey].forEach(function (m) {
        var left, right;
        if (m.kind === "point") { left = x(m.d + 0.5) - DOT; right = left + 2 * DOT; }
        else {
          left = Math.max(x(m.d), x0);
          right = Math.max(Math.min(x(m.d + m.n), x1), left + MIN_WIDTH);
        }
        m.box = { left: left, width: right - left };
        var row = -1;
        for (var k = 0; k < rows; k++) if (ends[k] + GAP <= left) { row = k; break; }
        if (row < 0) {
          // No room: behind a "+n" stack on the row that ends first (its last mark).
          row = ends.indexOf(Math.min.apply(null, ends));
          var holder = last[row];
          if (!holder.stack) {
            // The badge follows a short mark; on a long one it sits where the first stacked
            // mark begins (a badge at a long window's end would point at the wrong days).
            var end = holder.box.left + holder.box.width;
            var at = holder.box.width < 2 * BADGE ? end + 2 : Math.min(Math.max(left, holder.box.left + 4), end - BADGE);
            holder.stack = { holder: holder, members: [], y: rowY(lane, row), left: at };
            stacks.push(holder.stack);
            ends[row] = Math.max(ends[row], at + BADGE + 2);
          }
          m.stack = holder.stack;
          m.stack.members.push(m);
          m.box.y = rowY(lane, row);
          return;
        }
        m.box.y = rowY(lane, row);
        place(m, left, right - left, m.box.y);
        ends[row] = right;
        last[row] = m;
      });
    });
    stacks.forEach(function (stack) {
      var text = "+" + stack.members.length;
      var w = 10 + 7 * text.length, h = 14;
      // Past the right edge, the badge covers the end of the mark it counts with (never another).
      var left = Math.min(stack.left, width - 2 - w);
      var badge = el("g", { class: "tl-stack" }, top);
      el("rect", { x: r1(left), y: r1(stack.y - h / 2), width: w, height: h, rx: 7 }, badge);
      var t = el("text", { x: r1(left + w / 2), y: r1(stack.y + 4), "text-anchor": "middle" }, badge);
      t.textContent = text;
      badge.tlStack = stack;
      badge.tlMembers = [stack.holder].concat(stack.members).map(function (m) { return m.a; });
      // The stacked marks lie under their badge (hidden), so a click there finds the badge.
      stack.members.forEach(function (m) {
        m.a.classList.add("tl-stacked");
        if (m === focused) return;
        if (m.kind === "point") place(m, left + w / 2 - DOT, 2 * DOT, stack.y);
        else place(m, left + w / 2 - MIN_WIDTH / 2, MIN_WIDTH, stack.y);
      });
    });
    if (focused && visible(focused)) {
      var box = focused.box;
      if (focused.stack) {  // a stacked mark shows where it is while it has the focus
        focused.a.classList.remove("tl-stacked");
        focused.a.classList.add("tl-peek");
        place(focused, box.left, box.width, box.y);
      }
      ring.setAttribute("x", r1(box.left - 3));
      ring.setAttribute("y", r1(box.y - 8));
      ring.setAttribute("width", r1(box.width + 6));
      ring.setAttribute("height", 16);
      top.appendChild(ring);
    }
    marks.forEach(function (m) { if (m !== focused) m.a.classList.remove("tl-peek"); });
    // The roving tab stop stays on a mark in view: the one nearest in date order.
    if (!roving || !visible(roving)) {
      var shown = order.filter(visible);
      var near = roving ? shown.filter(function (m) { return m.k <= roving.k; }).pop() || shown[0] : shown.pop();
      setRoving(near || null);
    }
    if (label) label.textContent = windowLabel(Math.max(Math.floor(start), 0), Math.min(Math.ceil(stop) - 1, end - 1));
    if (show) {
      var url = new URL(show.href);
      url.searchParams.set("from", iso(Math.max(Math.floor(start), 0)));
      url.searchParams.set("to", iso(Math.min(Math.ceil(stop) - 1, end - 1)));
      show.href = url.href;
    }
    if (win) {
      var a = overviewX(start), b = overviewX(stop);
      win.setAttribute("x", r1(a));
      win.setAttribute("width", r1(Math.max(b - a, 2)));
    }
  }

  // The overview's collapsed scale: linear between its knots (day, x).
  function overviewX(day) {
    for (var i = 1; i < knots.length; i++) {
      if (day <= knots[i][0] || i === knots.length - 1) {
        var p = knots[i - 1], q = knots[i];
        return Math.min(Math.max(p[1] + (q[1] - p[1]) * (day - p[0]) / (q[0] - p[0]), 0), 800);
      }
    }
    return 0;
  }
  function overviewDay(x) {
    for (var i = 1; i < knots.length; i++) {
      if (x <= knots[i][1] || i === knots.length - 1) {
        var p = knots[i - 1], q = knots[i];
        return p[0] + (q[0] - p[0]) * (x - p[1]) / ((q[1] - p[1]) || 1);
      }
    }
    return 0;
  }

  var pending = 0;
  function redraw() {
    if (!pending) pending = requestAnimationFrame(function () { pending = 0; draw(); });
  }
  function setRoving(m) {
    if (roving) roving.a.setAttribute("tabindex", "-1");
    roving = m;
    if (m) m.a.setAttribute("tabindex", "0");
    // With no event in view, the axis itself keeps the tab stop.
    if (m) svg.removeAttribute("tabindex"); else svg.setAttribute("tabindex", "0");
  }
  function reveal(m) {
    var margin = Math.min(view.span * 0.1, 7);
    if (m.d < view.start + margin) view.start = clamp(m.d - margin, view.span);
    else if (m.d + Math.min(m.n, view.span - 2 * margin) > view.start + view.span - margin) {
      view.start = clamp(m.d + Math.min(m.n, view.span - 2 * margin) + margin - view.span, view.span);
    }
  }
  function focusMark(m) {
    reveal(m);
    focused = m;
    draw();
    setRoving(m);
    m.a.focus();
  }

  // The tooltip: the mark's name on hover and focus, a stack's names on hover.
  var tip = document.createElement("div");
  tip.className = "tl-axis-tip";
  tip.hidden = true;
  tip.setAttribute("aria-hidden", "true");  // the marks' own names say the same
  frame.appendChild(tip);
  function showTip(text, box) {
    tip.textContent = text;
    tip.hidden = false;
    tip.style.left = Math.max(4, Math.min(box.left, innerWidth - tip.offsetWidth - 4)) + "px";
    tip.style.top = (box.bottom + 6) + "px";
  }
  function hideTip() { tip.hidden = true; }
  svg.addEventListener("mouseover", function (event) {
    if (drag && drag.moved) return;
    var badge = event.target.closest && event.target.closest(".tl-stack");
    var a = event.target.closest && event.target.closest(".tl-mark");
    if (badge) {
      var members = badge.tlMembers.map(function (m) { return m.getAttribute("aria-label"); }).join(" · ");
      showTip(tlText.n("{count} event here: {events} (click to zoom in)", "{count} events here: {events} (click to zoom in)",
                       badge.tlMembers.length, { events: members }), badge.getBoundingClientRect());
    } else if (a) showTip(a.getAttribute("aria-label"), a.getBoundingClientRect());
    else if (!focused) hideTip();
  });
  svg.addEventListener("mouseleave", function () { if (!focused) hideTip(); });
  // Focus events are listened to on the frame: Chromium makes an SVG element with focus
  // listeners a tab stop of its own.
  frame.addEventListener("focusin", function (event) {
    var m = byLink.get(event.target);
    if (!m) return;
    focused = m;
    setRoving(m);
    draw();
    showTip(m.a.getAttribute("aria-label"), (m.stack ? ring : m.a).getBoundingClientRect());
  });
  frame.addEventListener("focusout", function (event) {
    if (!byLink.get(event.target)) return;
    focused = null;
    hideTip();
    redraw();
  });
  svg.addEventListener("keydown", function (event) {
    var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    var current = byLink.get(document.activeElement);
    var target = null;
    if (event.key === "Home") target = order[0];
    else if (event.key === "End") target = order[order.length - 1];
    else if (step && current) target = order[Math.min(Math.max(current.k + step, 0), order.length - 1)];
    else if (step) {  // from the axis itself (no event in view): the next one either way
      var after = order.filter(function (m) { return m.d >= view.start; });
      target = step > 0 ? after[0] || order[order.length - 1] : order.filter(function (m) { return m.d < view.start; }).pop() || order[0];
    }
    if (!target) return;
    event.preventDefault();
    focusMark(target);
  });

  // Clicks: a stack zooms in on its marks; on the timeline, a mark whose card is on this page
  // scrolls to it. A click that ends a drag does nothing.
  var suppress = false;
  svg.addEventListener("click", function (event) {
    if (suppress) {
      suppress = false;
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    var badge = event.target.closest && event.target.closest(".tl-stack");
    if (badge) {
      var all = [badge.tlStack.holder].concat(badge.tlStack.members);
      var lo = Math.min.apply(null, all.map(function (m) { return m.d; }));
      var hi = Math.max.apply(null, all.map(function (m) { return m.d + Math.min(m.n, 31); }));
      var span = Math.max(hi - lo + 4, 10);
      if (span >= view.span * 0.8) {  // as close as it goes: step through them instead
        focusMark(badge.tlStack.members[0]);
        return;
      }
      preset = "";
      presets.forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
      view.span = span;
      view.start = clamp((lo + hi - span) / 2, span);
      draw();
      return;
    }
    var a = event.target.closest && event.target.closest(".tl-mark");
    if (!a) return;
    var card = document.getElementById(byLink.get(a).id || "\u0000");
    if (!card || card.hidden || card.offsetParent === null) return;
    event.preventDefault();
    document.querySelectorAll(".tl-reached").forEach(function (c) { c.classList.remove("tl-reached"); });
    card.classList.add("tl-reached");
    card.scrollIntoView({ behavior: "smooth", block: "start" });
    var link = card.querySelector("a");
    if (link) link.focus({ preventScroll: true });
  }, true);

  // Drags and swipes pan (touch-action: pan-y leaves vertical swipes to the page).
  var drag = null;
  svg.addEventListener("dragstart", function (event) { event.preventDefault(); });
  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) return;
    drag = { x: event.clientX, start: view.start, id: event.pointerId, moved: false };
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.id) return;
    var dx = event.clientX - drag.x;
    if (!drag.moved) {
      if (Math.abs(dx) < 6) return;
      drag.moved = true;
      svg.setPointerCapture(event.pointerId);
      svg.classList.add("tl-panning");
      hideTip();
    }
    view.start = clamp(drag.start - dx / geometry.perDay, view.span);
    redraw();
  });
  function endDrag(event) {
    if (!drag || event.pointerId !== drag.id) return;
    if (drag.moved) {
      suppress = event.type === "pointerup";
      setTimeout(function () { suppress = false; }, 0);
      svg.classList.remove("tl-panning");
    }
    drag = null;
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);
  svg.addEventListener("wheel", function (event) {
    if (Math.abs(event.deltaX) <= Math.abs(event.deltaY)) return;
    event.preventDefault();
    view.start = clamp(view.start + event.deltaX / geometry.perDay, view.span);
    redraw();
  }, { passive: false });

  // The overview: press or drag to centre the detail view there.
  if (overview) {
    var steering = null;
    var steer = function (event, now) {
      var box = overview.getBoundingClientRect();
      var day = overviewDay((event.clientX - box.left) / box.width * 800);
      view.start = clamp(day - view.span / 2, view.span);
      if (now) draw(); else redraw();
    };
    overview.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      steering = event.pointerId;
      overview.setPointerCapture(event.pointerId);
      steer(event, true);
    });
    overview.addEventListener("pointermove", function (event) { if (steering === event.pointerId) steer(event); });
    overview.addEventListener("pointerup", function () { steering = null; });
    overview.addEventListener("pointercancel", function () { steering = null; });
  }

  // Presets: kept in the URL (?span=6m), the filters' parameters untouched.
  function keepSpan() {
    var params = new URLSearchParams(location.search);
    if (preset && preset !== OPENING) params.set("span", preset); else if (preset) params.delete("span");
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
  }
  presets.forEach(function (button) {
    button.addEventListener("click", function () {
      setPreset(button.getAttribute("data-span"), view.start + view.span);
      keepSpan();
      draw();
    });
  });

  var form = document.querySelector(".tl-filters");
  // "Show these dates": on the timeline, the date filters; elsewhere, a link to it.
  if (show && form) {
    show.addEventListener("click", function (event) {
      var url = new URL(show.href);
      event.preventDefault();
      form.elements.from.value = url.searchParams.get("from");
      form.elements.to.value = url.searchParams.get("to");
      form.dispatchEvent(new Event("change"));
    });
  }

  if (window.ResizeObserver) new ResizeObserver(redraw).observe(svg);
  else addEventListener("resize", redraw);
  draw();
  keepSpan();

  if (!form) return;
  // Dim what the filters exclude: the timeline script marks matching events with tl:matches.
  function dim(ids) {
    marks.forEach(function (m) {
      var id = m.id;
      var from = form.elements.from.value, to = form.elements.to.value;
      var out = id ? ids !== null && !ids.has(id)
        : (from && iso(m.d + m.n - 1) < from) || (to && iso(m.d) > to);
      m.a.classList.toggle("tl-dim", Boolean(out));
    });
  }
  document.addEventListener("tl:matches", function (event) { dim(event.detail); keepSpan(); });
  if (form.tlMatches !== undefined) dim(form.tlMatches);
})();

// The Data page's time chart, scrolling within its figure on a phone: it opens on its latest
// periods (the right end), as the axis opens on the latest events.
(function () {
  "use strict";
  var figure = document.querySelector(".tl-figure-time");
  if (figure && figure.scrollWidth > figure.clientWidth) figure.scrollLeft = figure.scrollWidth;
})();

// The Data page's embed code (templates/_embed_snippet.html): without a configured site URL
// its address starts at the host's root, made here this page's own full address; the Copy
// button (hidden without JavaScript, when the code is still selectable text) copies it.
(function () {
  "use strict";
  var button = document.querySelector(".tl-copy");
  if (!button) return;
  var code = document.getElementById(button.getAttribute("data-copy"));
  var status = button.parentNode.querySelector(".tl-copy-status");
  var relative = code.getAttribute("data-relative");
  if (relative) {
    var src = code.getAttribute("data-src");
    code.textContent = code.textContent.split('"' + src + '"').join('"' + new URL(relative, location.href).href + '"');
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var done = function () { status.textContent = tlText.t("Copied"); };
    var select = function () {
      getSelection().selectAllChildren(code);
      status.textContent = tlText.t("Selected: press Ctrl-C or ⌘-C to copy");
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(code.textContent).then(done, select);
    else select();
  });
})();

// A mark in a topic's matrix opens the stance it stands for: one at a time; Escape or a tap
// elsewhere closes it.
(function () {
  "use strict";
  var cells = document.querySelectorAll("details.tl-cell");
  if (!cells.length) return;
  function closeAll(except) {
    cells.forEach(function (cell) { if (cell !== except) cell.open = false; });
  }
  cells.forEach(function (cell) {
    cell.addEventListener("toggle", function () { if (cell.open) closeAll(cell); });
  });
  document.addEventListener("click", function (event) {
    // At once on the click (the toggle event comes a task later): a mark's summary closes the
    // others; a click anywhere else closes them all.
    closeAll(event.target.closest ? event.target.closest("details.tl-cell") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.tl-cell[open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
  });
})();
