/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // A table wider than the screen scrolls sideways inside .table-scroll: let keyboard
  // users reach and scroll it (WCAG 2.1.1), and name the region after its table.
  function reachable(region) {
    if (region.scrollWidth <= region.clientWidth || region.hasAttribute("tabindex")) return;
    var caption = region.querySelector("caption");
    var heading = region.previousElementSibling;
    var name = caption ? caption.textContent : (heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : "");
    region.setAttribute("tabindex", "0");
    region.setAttribute("role", "region");
    region.setAttribute("aria-label", (name || document.title).trim());
  }
  function all() { document.querySelectorAll(".table-scroll").forEach(reachable); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all); else all();
  window.addEventListener("resize", all);
})();
