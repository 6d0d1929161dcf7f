/* The application's page while its receipt is being prepared (a Celery
 * task renders it after the submission commits): fetch the receipt's region
 * again every few seconds and put it in place, until it is ready. Without
 * script the region's "Check again" link does the same by hand. */
(function () {
  "use strict";
  var DELAY = 3000;
  var TRIES = 40;

  function poll(region, tries) {
    var url = region.getAttribute("data-refresh");
    if (!url || tries <= 0) {
      return;
    }
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html === null) {
            return;
          }
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("[data-receipt-region]");
          if (!fresh) {
            return;
          }
          region.replaceWith(fresh);
          if (fresh.hasAttribute("data-receipt-pending")) {
            poll(fresh, tries - 1);
          }
        })
        .catch(function () {
          poll(region, tries - 1);
        });
    }, DELAY);
  }

  var pending = document.querySelector("[data-receipt-pending]");
  if (pending) {
    poll(pending, TRIES);
  }
})();
