// Keeps a draft step when the tab is closed or hidden: the form is posted
// in the background (as "save draft"); the server validates and saves it
// like any other save.
document.addEventListener("DOMContentLoaded", function () {
  const form = document.querySelector("form[data-draft-autosave]");
  if (!form || !navigator.sendBeacon) return;
  let dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  function save() {
    if (!dirty) return;
    const data = new FormData(form);
    data.append("save", "1");
    navigator.sendBeacon(form.action || window.location.href, data);
    dirty = false;
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") save();
  });
  window.addEventListener("pagehide", save);
});
