/* The public site's one script: the larger-text switch (适老化).
 *
 * The choice lives in this browser's localStorage only, so every page stays
 * the same for everyone and cacheable. head.js, in <head>, applies it
 * before the first paint (class "text-large" on <html>); this file keeps the
 * switch's aria-pressed in step and records a change. */
(function () {
  "use strict";
  var KEY = "portal.textSize";
  var root = document.documentElement;
  var buttons = document.querySelectorAll("[data-text-size-toggle]");

  function show(large) {
    root.classList.toggle("text-large", large);
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", large ? "true" : "false");
    }
  }

  function remember(large) {
    try {
      if (large) {
        localStorage.setItem(KEY, "large");
      } else {
        localStorage.removeItem(KEY);
      }
    } catch (e) {
      /* Storage refused (private mode, a policy): the choice lasts this page. */
    }
  }

  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function () {
      var large = !root.classList.contains("text-large");
      show(large);
      remember(large);
    });
  }
  /* Another tab changed it. */
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      show(event.newValue === "large");
    }
  });
  show(root.classList.contains("text-large"));
})();
