/* Cadre's own script: behaviour wired by data attributes, never by inline handlers
   (the Content-Security-Policy allows scripts from this origin's files only). */
(function () {
  "use strict";
  // <select data-autosubmit>: choosing an option submits its form (the language switch).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
  });
})();
