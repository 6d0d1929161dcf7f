/* Registration: the township list shows the chosen county's townships only.
   Without this script the list shows every township grouped by county
   (<optgroup>), and the server checks that the township is in the county. */
(function () {
  "use strict";
  var county = document.getElementById("id_county");
  var township = document.getElementById("id_township");
  if (!county || !township) return;
  var groups = Array.prototype.slice.call(township.querySelectorAll("optgroup"));

  function filter() {
    var chosen = county.selectedIndex > 0 ? county.options[county.selectedIndex].text.trim() : "";
    groups.forEach(function (group) {
      var keep = !chosen || group.label === chosen;
      // Hidden options are still chosen by keyboard in some browsers: disable them too.
      group.hidden = !keep;
      group.disabled = !keep;
      if (!keep && group.contains(township.options[township.selectedIndex])) {
        township.selectedIndex = 0;
      }
    });
  }
  county.addEventListener("change", filter);
  filter();
})();
