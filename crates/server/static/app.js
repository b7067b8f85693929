// dossier: small enhancements only; every page works without this script.
(function () {
  "use strict";
  // "/" focuses the search box, as on many sites.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    if (event.key === "/" && !typing) {
      var box = document.querySelector("input[type=search]");
      if (box) {
        event.preventDefault();
        box.focus();
        box.select();
      }
    }
  });
  // Hovering a fact lights up its quote in the article text.
  document.querySelectorAll("aside.facts a[href^='#q']").forEach(function (link) {
    var quote = document.getElementById(link.getAttribute("href").slice(1));
    if (!quote) return;
    link.addEventListener("mouseenter", function () { quote.classList.add("active"); });
    link.addEventListener("mouseleave", function () { quote.classList.remove("active"); });
  });
})();
