/* Before the first paint (loaded without defer in <head>): marks that
 * scripts run and applies the visitor's text size, kept in this browser
 * only (see portal.js). A file, not an inline script: the
 * Content-Security-Policy runs no inline script without a nonce, and the
 * public pages, kept in the page cache, carry none. */
(function (root) {
  "use strict";
  root.classList.add("js");
  try {
    if (localStorage.getItem("portal.textSize") === "large") {
      root.classList.add("text-large");
    }
  } catch (e) {
    /* Storage refused: the default size. */
  }
})(document.documentElement);
