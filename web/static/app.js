/* Conveniences on top of pages that work without JavaScript:
   - ticking a facet box or changing sort / per page submits the search form at once;
   - "/" moves focus to the search box;
   - long facet lists get a box to narrow them by typing;
   - on small screens the filter panel starts folded. */
(function () {
  "use strict";
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
      input.placeholder = "Type to narrow the list";
      input.setAttribute("aria-label", "Narrow the " + name + " list");
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
    restoreFocus();
  });
})();
