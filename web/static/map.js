/* The map view works without this file: every circle is a link, every number is in the table.
   This adds zoom (buttons, wheel, double-click), panning by dragging, a tooltip on hover and
   focus, and clicking a shaded country to filter by it. Circles keep their size on screen while
   zooming, so crowded areas come apart. */
(function () {
  "use strict";
  var MESSAGES = JSON.parse(document.documentElement.getAttribute("data-messages") || "{}");
  var MAX_ZOOM = 12;

  function Zoomable(svg) {
    var box = svg.getAttribute("viewBox").split(/[\s,]+/).map(Number);
    this.svg = svg;
    this.full = { x: box[0], y: box[1], w: box[2], h: box[3] };
    this.view = { x: box[0], y: box[1], w: box[2], h: box[3] };
    this.circles = Array.prototype.map.call(svg.querySelectorAll(".map__marker circle"), function (c) {
      return { el: c, r: parseFloat(getComputedStyle(c).r) || c.r.baseVal.value };
    });
  }

  Zoomable.prototype.zoom = function () { return this.full.w / this.view.w; };

  Zoomable.prototype.set = function (x, y, w) {
    var f = this.full, h = w * f.h / f.w;
    w = Math.min(f.w, Math.max(f.w / MAX_ZOOM, w));
    h = w * f.h / f.w;
    x = Math.min(f.x + f.w - w, Math.max(f.x, x));
    y = Math.min(f.y + f.h - h, Math.max(f.y, y));
    this.view = { x: x, y: y, w: w, h: h };
    this.svg.setAttribute("viewBox", [x, y, w, h].join(" "));
    var k = Math.sqrt(this.zoom());
    this.circles.forEach(function (c) { c.el.style.r = (c.r / k) + "px"; });
  };

  /* zoom by `factor` keeping the map point under (px, py) — fractions of the drawing — in place */
  Zoomable.prototype.zoomAt = function (factor, px, py) {
    var v = this.view, w = v.w / factor;
    this.set(v.x + (v.w - w) * px, v.y + (v.h - w * this.full.h / this.full.w) * py, w);
  };

  Zoomable.prototype.reset = function () { this.set(this.full.x, this.full.y, this.full.w); };

  function button(label, text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.title = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function fraction(svg, event) {
    var rect = svg.getBoundingClientRect();
    return [(event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height];
  }

  function controls(map) {
    var panel = document.createElement("div");
    panel.className = "map__controls";
    panel.appendChild(button(MESSAGES.zoom_in || "Zoom in", "+", function () { map.zoomAt(1.6, 0.5, 0.5); }));
    panel.appendChild(button(MESSAGES.zoom_out || "Zoom out", "\u2212", function () { map.zoomAt(1 / 1.6, 0.5, 0.5); }));
    panel.appendChild(button(MESSAGES.zoom_reset || "Show the whole map", "\u21ba", function () { map.reset(); }));
    var figure = map.svg.closest("figure");
    figure.insertBefore(panel, figure.querySelector("figcaption"));
  }

  function wheelAndDrag(map) {
    var svg = map.svg, drag = null, moved = false;
    svg.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey && map.zoom() === 1 && event.deltaY > 0) return;  /* let the page scroll */
      event.preventDefault();
      var at = fraction(svg, event);
      map.zoomAt(event.deltaY < 0 ? 1.25 : 0.8, at[0], at[1]);
    }, { passive: false });
    svg.addEventListener("dblclick", function (event) {
      var at = fraction(svg, event);
      map.zoomAt(event.shiftKey ? 0.5 : 2, at[0], at[1]);
    });
    svg.addEventListener("pointerdown", function (event) {
      if (map.zoom() === 1 || event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, view: map.view };
      moved = false;
    });
    window.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var rect = svg.getBoundingClientRect(), scale = drag.view.w / rect.width;
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) { moved = true; svg.classList.add("is-dragging"); }
      if (moved) map.set(drag.view.x - dx * scale, drag.view.y - dy * scale, drag.view.w);
    });
    window.addEventListener("pointerup", function () {
      drag = null;
      svg.classList.remove("is-dragging");
    });
    /* a drag must not follow the link it started on */
    svg.addEventListener("click", function (event) {
      if (moved) { event.preventDefault(); moved = false; }
    }, true);
  }

  function tooltip(map) {
    var tip = document.createElement("div");
    tip.className = "map__tip";
    tip.hidden = true;
    tip.setAttribute("aria-hidden", "true");
    map.svg.parentNode.appendChild(tip);
    function show(target) {
      var item = target.closest(".map__marker, .map__country[data-href]");
      if (!item) { tip.hidden = true; return; }
      var title = item.querySelector("title");
      var frame = map.svg.parentNode.getBoundingClientRect(), box = item.getBoundingClientRect();
      tip.textContent = title ? title.textContent : "";
      tip.style.left = (box.left + box.width / 2 - frame.left) + "px";
      tip.style.top = (box.top - frame.top) + "px";
      tip.hidden = false;
    }
    map.svg.addEventListener("mouseover", function (event) { show(event.target); });
    map.svg.addEventListener("mouseleave", function () { tip.hidden = true; });
    map.svg.addEventListener("focusin", function (event) { show(event.target); });
    map.svg.addEventListener("focusout", function () { tip.hidden = true; });
  }

  function countryClicks(svg) {
    svg.addEventListener("click", function (event) {
      var country = event.target.closest(".map__country[data-href]");
      if (country && !event.defaultPrevented) window.location.assign(country.getAttribute("data-href"));
    });
  }

  function onReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  onReady(function () {
    Array.prototype.forEach.call(document.querySelectorAll("svg[data-map]"), function (svg) {
      var map = new Zoomable(svg);
      controls(map);
      wheelAndDrag(map);
      tooltip(map);
      countryClicks(svg);
    });
  });
})();
