// References shown where they are cited. markdown/citations.py puts each full reference,
// hidden, beside its citation's link (the link's aria-describedby); handreiking.css shows
// it on hover and keyboard focus. This script adds what CSS cannot: on a touch screen the
// first tap shows the reference (a second tap follows the link to the literature list),
// Escape closes it, and a shown reference is kept inside the window.
(function () {
  "use strict";
  var LINK = ".bronvermelding a[aria-describedby]";
  var OPEN = "bron-uitleg--open";
  var CLOSED = "bron-uitleg--dicht";

  function tooltipOf(link) {
    var id = link.getAttribute("aria-describedby");
    return id ? document.getElementById(id) : null;
  }

  function linkOf(target) {
    return target && target.closest ? target.closest(LINK) : null;
  }

  function fit(tip) {
    tip.style.marginLeft = "";
    if (getComputedStyle(tip).position !== "absolute") return;
    var box = tip.getBoundingClientRect();
    var over = box.right - (document.documentElement.clientWidth - 8);
    if (over > 0) tip.style.marginLeft = "-" + Math.min(over, Math.max(box.left - 8, 0)) + "px";
  }

  function closeAll(except) {
    document.querySelectorAll("." + OPEN).forEach(function (tip) {
      if (tip !== except) tip.classList.remove(OPEN);
    });
  }

  document.addEventListener("click", function (event) {
    var link = linkOf(event.target);
    if (!link) {
      closeAll(null);
      return;
    }
    var tip = tooltipOf(link);
    if (!tip || event.pointerType !== "touch" || tip.classList.contains(OPEN)) return;
    event.preventDefault();
    closeAll(tip);
    tip.classList.remove(CLOSED);
    tip.classList.add(OPEN);
    fit(tip);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".bron-uitleg").forEach(function (tip) {
      tip.classList.remove(OPEN);
      tip.classList.add(CLOSED);
    });
  });

  function showing(event) {
    var link = linkOf(event.target);
    var tip = link && tooltipOf(link);
    if (tip) fit(tip);
  }

  function leaving(event) {
    // closed with Escape: it may show again once pointer or focus has left the citation
    var citation = event.target.closest && event.target.closest(".bronvermelding");
    if (!citation) return;
    citation.querySelectorAll("." + CLOSED).forEach(function (tip) {
      tip.classList.remove(CLOSED);
    });
  }

  document.addEventListener("mouseover", showing);
  document.addEventListener("focusin", showing);
  document.addEventListener("mouseout", leaving);
  document.addEventListener("focusout", leaving);
})();
