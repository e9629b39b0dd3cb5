/* Conveniences on top of pages that work without JavaScript:
   - ticking a facet box or changing sort / per page submits the search form at once;
   - "/" moves focus to the search box;
   - long facet lists get a box to narrow them by typing;
   - on small screens the filter panel starts folded;
   - the search box suggests completions as you type (a WAI-ARIA 1.2 combobox). */
(function () {
  "use strict";

  /* The page's words in its language (base.html writes them into <html data-messages>). */
  var MESSAGES = JSON.parse(document.documentElement.getAttribute("data-messages") || "{}");
  var LANGUAGE = document.documentElement.lang || "en";

  function counted(n, noun) {
    /* "1 practice" / "3 practices"; French uses the singular for 0 as well (the catalogues' Plural-Forms) */
    var one = n === 1 || (n === 0 && LANGUAGE === "fr");
    return MESSAGES[noun + (one ? "_one" : "_many")].replace("%(num)s", n.toLocaleString(LANGUAGE));
  }

  function withLanguage(url) {
    /* a suggestion's link keeps the language the page's own address named (lang=) */
    var lang = new URLSearchParams(window.location.search).get("lang");
    if (!lang || /[?&]lang=/.test(url)) return url;
    return url + (url.indexOf("?") === -1 ? "?" : "&") + "lang=" + encodeURIComponent(lang);
  }
  document.documentElement.classList.add("js");

  var FOCUS_KEY = "practice-search:focus";

  function onReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function submit(form, control) {
    if (control && control.id) {
      try { sessionStorage.setItem(FOCUS_KEY, control.id); } catch (e) { /* storage may be off */ }
    }
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  function restoreFocus() {
    var id = null;
    try { id = sessionStorage.getItem(FOCUS_KEY); sessionStorage.removeItem(FOCUS_KEY); } catch (e) { return; }
    var el = id && document.getElementById(id);
    if (!el) return;
    var more = el.closest("details");
    if (more) more.open = true;
    el.focus({ preventScroll: false });
  }

  function autoSubmit() {
    var form = document.getElementById("search-form");
    if (!form) return;
    document.addEventListener("change", function (event) {
      var el = event.target;
      if (el.form !== form) return;
      if ((el.type === "checkbox" && el.closest(".facet__list") && !el.closest(".facet-page")) || el.tagName === "SELECT") {
        submit(form, el);
      }
    });
  }

  /* Leave empty fields and default choices out of the address, so shared links stay short. */
  function cleanUrls() {
    var form = document.getElementById("search-form");
    if (!form) return;
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        var isDefault = el.tagName === "SELECT" && el.value === el.getAttribute("data-default");
        if (el.name && (el.value === "" || isDefault)) el.disabled = true;
      });
      /* the page may come back from the back/forward cache: re-enable the fields then */
      window.addEventListener("pageshow", function () {
        Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
      }, { once: true });
    });
  }

  function slashFocus() {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      var box = document.getElementById("q");
      if (!box) return;
      event.preventDefault();
      box.focus();
      box.select();
    });
  }

  function normalise(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function facetFilters() {
    var fieldsets = document.querySelectorAll(".facet");
    Array.prototype.forEach.call(fieldsets, function (fieldset) {
      var items = fieldset.querySelectorAll(".facet__item");
      if (items.length < 25) return;
      var legend = fieldset.querySelector("legend");
      var name = legend ? legend.textContent.trim().toLowerCase() : "values";
      var input = document.createElement("input");
      input.type = "search";
      input.className = "facet-filter";
      input.placeholder = MESSAGES.narrow_placeholder;
      input.setAttribute("aria-label", MESSAGES.narrow_label.replace("%(facet)s", name));
      var list = fieldset.querySelector(".facet__list");
      list.parentNode.insertBefore(input, list);
      var more = fieldset.querySelector(".facet__more");
      input.addEventListener("input", function () {
        var wanted = normalise(input.value.trim());
        if (wanted && more) more.open = true;
        Array.prototype.forEach.call(items, function (item) {
          item.hidden = wanted !== "" && normalise(item.textContent).indexOf(wanted) === -1;
        });
      });
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
    });
  }

  /* Search-as-you-type: the search box becomes a combobox over /api/suggest (WAI-ARIA 1.2 pattern,
     list autocomplete, no automatic selection). Up/Down move through the suggestions, Enter opens
     the highlighted one (or submits what was typed), Escape closes the list. The list floats over
     the page, so nothing below it moves. */
  var SUGGEST_DELAY = 120;
  var MAX_PREFIX = 200;
  var KIND_LABELS = { topic: MESSAGES.kind_topic, country: MESSAGES.kind_country, city: MESSAGES.kind_city,
                      practice: MESSAGES.kind_practice, phrase: MESSAGES.kind_phrase };

  function foldChars(text) {
    /* one folded piece per character, so a match in the folded text maps back to the original */
    return Array.prototype.map.call(text, function (c) {
      var f = c.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      return /^[\p{L}\p{N}]+$/u.test(f) ? f : " ";
    });
  }

  function foldText(text) {
    return foldChars(text).join("").replace(/ +/g, " ").replace(/^ /, "");
  }

  function highlighted(text, typed) {
    /* the text with the typed prefix marked where a word starts with it */
    var fragment = document.createDocumentFragment();
    var want = foldText(typed).replace(/ $/, "");
    var pieces = foldChars(text);
    var folded = "", starts = [];
    pieces.forEach(function (piece, i) {
      if (piece === " " && (folded === "" || folded.slice(-1) === " ")) { starts.push(-1); return; }
      starts.push(folded.length);
      folded += piece;
    });
    var at = -1;
    for (var i = folded.indexOf(want); want && i !== -1; i = folded.indexOf(want, i + 1)) {
      if (i === 0 || folded.charAt(i - 1) === " ") { at = i; break; }
    }
    if (at === -1) { fragment.appendChild(document.createTextNode(text)); return fragment; }
    var from = -1, to = text.length;
    for (var j = 0; j < pieces.length; j++) {
      if (starts[j] === -1) continue;
      if (from === -1 && starts[j] + pieces[j].length > at) from = j;
      if (starts[j] >= at + want.length) { to = j; break; }
    }
    var mark = document.createElement("mark");
    mark.textContent = text.slice(from, to);
    fragment.appendChild(document.createTextNode(text.slice(0, from)));
    fragment.appendChild(mark);
    fragment.appendChild(document.createTextNode(text.slice(to)));
    return fragment;
  }

  function describe(item) {
    var label = KIND_LABELS[item.kind] || item.kind;
    if (item.kind === "practice" && item.count === 1) return label;
    return label + " · " + counted(item.count, "practice");
  }

  function suggestions() {
    var input = document.getElementById("q");
    var endpoint = input && input.getAttribute("data-suggest");
    if (!endpoint || !window.fetch) return;
    var form = input.form;
    var field = input.parentNode;
    var list = document.createElement("ul");
    list.id = "q-suggestions";
    list.className = "suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", MESSAGES.suggestions);
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    field.appendChild(list);
    field.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    var items = [], active = -1, timer = null, pending = null, shownFor = null, cache = {};

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function open() {
      if (!items.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function setActive(index) {
      var options = list.children;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        var box = list.getBoundingClientRect(), row = options[active].getBoundingClientRect();
        if (row.bottom > box.bottom) list.scrollTop += row.bottom - box.bottom;
        else if (row.top < box.top) list.scrollTop -= box.top - row.top;
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = items[index];
      if (!item) return;
      close();
      if (item.kind === "phrase") {
        /* a phrase is what the user would have typed: search it with the filters already chosen */
        input.value = item.text;
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      } else {
        window.location.assign(withLanguage(item.url));
      }
    }

    function render(typed, found) {
      items = found;
      shownFor = typed;
      list.textContent = "";
      found.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = "q-suggestion-" + i;
        option.className = "suggest__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var text = document.createElement("span");
        text.className = "suggest__text";
        text.appendChild(highlighted(item.text, typed));
        var kind = document.createElement("span");
        kind.className = "suggest__kind suggest__kind--" + item.kind;
        kind.textContent = describe(item);
        option.appendChild(text);
        option.appendChild(document.createTextNode(" "));
        option.appendChild(kind);
        list.appendChild(option);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (found.length) {
        open();
        status.textContent = counted(found.length, "suggestion") + ". " + MESSAGES.suggestion_hint;
      } else {
        close();
        status.textContent = MESSAGES.no_suggestions;
      }
    }

    function fetchFor(typed) {
      if (cache.hasOwnProperty(typed)) { render(typed, cache[typed]); return; }
      if (pending) pending.abort();
      pending = window.AbortController ? new AbortController() : null;
      var url = endpoint + "?q=" + encodeURIComponent(typed);
      fetch(url, { signal: pending ? pending.signal : undefined, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          var found = data.suggestions || [];
          if (!data.partial) cache[typed] = found; /* a partial answer (index just published) is not kept */
          if (input.value === typed && document.activeElement === input) render(typed, found);
        })
        .catch(function () { /* aborted by a newer keystroke, or offline: the box still searches */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var typed = input.value;
      if (!typed.trim() || typed.length > MAX_PREFIX) {
        items = [];
        shownFor = null;
        close();
        status.textContent = "";
        return;
      }
      timer = setTimeout(function () { fetchFor(typed); }, SUGGEST_DELAY);
    });

    input.addEventListener("keydown", function (event) {
      if (event.isComposing) return;
      var key = event.key;
      if (key === "ArrowDown" || key === "ArrowUp") {
        if (!items.length) return;
        event.preventDefault();
        if (list.hidden) { open(); if (event.altKey) return; }
        var last = items.length - 1;
        if (key === "ArrowDown") setActive(active >= last ? 0 : active + 1);
        else setActive(active <= 0 ? last : active - 1);
      } else if (key === "Enter") {
        if (!list.hidden && active >= 0) { event.preventDefault(); choose(active); }
      } else if (key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
      } else if (key === "Tab") {
        close();
      }
    });

    input.addEventListener("focus", function () {
      if (items.length && shownFor === input.value) open();
    });
    input.addEventListener("blur", function () { close(); });

    list.addEventListener("mousedown", function (event) { event.preventDefault(); /* keep focus in the box */ });
    list.addEventListener("click", function (event) {
      var option = event.target.closest(".suggest__option");
      if (option) choose(Array.prototype.indexOf.call(list.children, option));
    });
    window.addEventListener("pageshow", function () { close(); });
  }

  function foldOnSmallScreens() {
    var panel = document.querySelector(".refine");
    if (panel && window.matchMedia("(max-width: 900px)").matches) panel.open = false;
  }

  onReady(function () {
    foldOnSmallScreens();
    autoSubmit();
    cleanUrls();
    slashFocus();
    facetFilters();
    suggestions();
    restoreFocus();
  });
})();
