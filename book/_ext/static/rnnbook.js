/* rnnbook.js: the book's own script (added by book/_ext/rnnbook.py; no network, no library).
 *
 * Figures on a narrow screen (under 768 px). Each figure image and stepper frame carries the
 * height of its smallest text in its own pixels (data-min-text-px, written by rnnlib when it
 * drew the PNG; the extension copies it from the PNG into the page). Shrunk to the column,
 * that text is shown at min-text-px × displayed width / natural width CSS pixels. When that
 * is below 11 px, the image is shown at its natural size instead, in a box that scrolls
 * sideways (focusable, so the keyboard can scroll it too). On a wider screen every figure
 * fits the column: it must be readable there as it is. Display maths wider than the column
 * scrolls as well; its box is made focusable.
 */
(function () {
  "use strict";
  var MIN_PX = 11, NARROW = "(max-width: 767.98px)";

  function minTextPx(img) {
    var v = parseFloat(img.getAttribute("data-min-text-px"));
    return isFinite(v) && v > 0 ? v : null;
  }

  function box(img) {
    // The stepper has its own frame box; a figure image gets one on first need.
    var parent = img.parentElement;
    if (parent && parent.classList.contains("rnnbook-scroll-x")) { return parent; }
    if (parent && parent.classList.contains("rnnlib-stepper-frame")) {
      parent.classList.add("rnnbook-scroll-x");
      return parent;
    }
    var wrap = document.createElement("div");
    wrap.className = "rnnbook-scroll-x";
    parent.insertBefore(wrap, img);
    wrap.appendChild(img);
    return wrap;
  }

  function fit(img) {
    var natural = img.naturalWidth;
    if (!natural) { return; }
    var m = minTextPx(img);
    var column = img.parentElement ? img.parentElement.clientWidth : natural;
    var shown = Math.min(natural, column);
    var narrow = window.matchMedia && window.matchMedia(NARROW).matches;
    var small = narrow && m !== null && m * shown / natural < MIN_PX;
    var b;
    if (small && shown < natural) {
      b = box(img);
      img.classList.add("rnnbook-natural");
      b.setAttribute("tabindex", "0");
      b.setAttribute("role", "region");
      // a landmark's name must be unique on the page: the figure's own alt text names it
      b.setAttribute("aria-label", "Scroll sideways: " + (img.getAttribute("alt") || "figure").slice(0, 120));
    } else if (img.classList.contains("rnnbook-natural")) {
      img.classList.remove("rnnbook-natural");
      b = img.parentElement;
      if (b && b.classList.contains("rnnbook-scroll-x")) {
        b.removeAttribute("tabindex");
        b.removeAttribute("role");
        b.removeAttribute("aria-label");
      }
    }
  }

  function mathBoxes() {
    var all = document.querySelectorAll(".bd-content div.math");
    for (var i = 0; i < all.length; i++) {
      var m = all[i];
      if (m.scrollWidth > m.clientWidth + 1) {
        m.setAttribute("tabindex", "0");
      } else if (m.getAttribute("tabindex") === "0") {
        m.removeAttribute("tabindex");
      }
    }
  }

  // MathJax typesets after this script starts, and its fonts can widen a formula later
  // still: every maths box is watched, so that whenever its formula (or the column) changes
  // width, the box is made focusable if it now scrolls, whatever the order of events.
  var watched = typeof WeakSet === "function" ? new WeakSet() : null;
  var sizes = window.ResizeObserver ? new ResizeObserver(mathBoxes) : null;
  var added = window.MutationObserver ? new MutationObserver(watchMath) : null;
  function watchMath() {
    if (!sizes || !watched) { return; }
    var all = document.querySelectorAll(".bd-content div.math, .bd-content div.math > *");
    for (var i = 0; i < all.length; i++) {
      if (watched.has(all[i])) { continue; }
      watched.add(all[i]);
      sizes.observe(all[i]);
      if (added && all[i].matches("div.math")) { added.observe(all[i], {childList: true}); }
    }
    mathBoxes();
  }

  function update() {
    var imgs = document.querySelectorAll(".bd-content img[data-min-text-px]");
    for (var i = 0; i < imgs.length; i++) {
      if (imgs[i].complete) { fit(imgs[i]); } else { imgs[i].addEventListener("load", update, {once: true}); }
    }
    watchMath();
    mathBoxes();
  }

  var timer = null;
  function later() { if (timer) { clearTimeout(timer); } timer = setTimeout(update, 100); }

  function start() {
    update();
    window.addEventListener("resize", later);
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      MathJax.startup.promise.then(update);
    }
    window.addEventListener("load", update);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  window.rnnbookFitFigures = update;   // the browser tests call it after resizing
})();
