// Search in the header: Pagefind's own index, served from this site (no third-party host).
// Results as you type, labelled event/actor/topic/place with their date; "/" and Ctrl-K
// focus the box; arrow keys move through the results, Escape closes them. Without
// JavaScript the form opens the full search page.
(function () {
  "use strict";
  var form = document.querySelector(".tl-header-search");
  if (!form) return;
  var input = form.querySelector("input");
  var panel = form.querySelector(".tl-suggest");
  var status = form.querySelector(".tl-suggest__status");
  var list = form.querySelector(".tl-suggest__list");
  var root = new URL(form.getAttribute("data-root"), location.href).pathname;
  var bundles = form.getAttribute("data-bundles").split(" ").concat(["pagefind-docs"]);
  var pagefind = null;
  var latest = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(root + bundles[0] + "/pagefind.js").then(function (api) {
        api.options({ baseUrl: root });
        return Promise.all(bundles.slice(1).map(function (name) {
          return api.mergeIndex(root + name + "/").catch(function () { return null; });
        })).then(function () { return api; });
      });
    }
    return pagefind;
  }

  // An excerpt as text with its <mark>s, built from nodes: nothing in it is inserted as HTML.
  function excerpt(html) {
    var out = document.createElement("span");
    out.className = "tl-suggest__excerpt";
    new DOMParser().parseFromString(html, "text/html").body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function show(results, query) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      var type = document.createElement("span");
      type.className = "tl-suggest__type";
      type.textContent = tlText.t((data.meta && data.meta.type) || "page");  // a type's name, translated
      var title = document.createElement("span");
      title.className = "tl-suggest__title";
      title.textContent = (data.meta && data.meta.title) || data.url;
      link.append(type, " ", title);
      if (data.meta && data.meta.date) {
        var date = document.createElement("span");
        date.className = "tl-suggest__date";
        date.textContent = data.meta.date;
        link.append(" ", date);
      }
      link.append(excerpt(data.excerpt || ""));
      item.appendChild(link);
      list.appendChild(item);
    });
    var all = document.createElement("li");
    var more = document.createElement("a");
    more.href = form.getAttribute("action") + "?q=" + encodeURIComponent(query);
    more.className = "tl-suggest__all";
    more.textContent = tlText.t("All results for “{query}”", { query: query });
    all.appendChild(more);
    list.appendChild(all);
    panel.hidden = false;
  }

  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { panel.hidden = true; return; }
    load().then(function (api) { return api.debouncedSearch(query, {}, 120); }).then(function (found) {
      if (!found || ticket !== latest) return;
      status.textContent = tlText.n("{count} result", "{count} results", found.results.length);
      return Promise.all(found.results.slice(0, 8).map(function (r) { return r.data(); })).then(function (data) {
        if (ticket === latest) show(data, query);
      });
    });
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("focus", load);
  input.addEventListener("input", search);
  form.addEventListener("keydown", function (event) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && !panel.hidden && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]).focus();
    } else if (event.key === "Escape") {
      panel.hidden = true;
      input.focus();
    }
  });
  form.addEventListener("focusout", function () {
    setTimeout(function () { if (!form.contains(document.activeElement)) panel.hidden = true; }, 0);
  });
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) ||
      document.activeElement.isContentEditable;
    if ((event.key === "/" && !typing) || (event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey))) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
})();
