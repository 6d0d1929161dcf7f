/* The holiday calendar's month grid: a click on a day changes its kind and
 * the list of days in the form (admin: 节假日安排). */
document.addEventListener("DOMContentLoaded", function () {
  // The list is part of the form, which comes after this block.
  const grid = document.querySelector("[data-calendar-grid]");
  const list = document.querySelector("textarea[data-calendar-days]");
  if (!grid || !list) return;
  const MARK = { holiday: "休", makeup: "班" };
  function entries() {
    const map = new Map();
    list.value.split("\n").forEach(function (line) {
      const parts = line.split(/[,，\t ]+/);
      if (/^\d{4}-\d{2}-\d{2}$/.test(parts[0])) map.set(parts[0], line);
    });
    return map;
  }
  function nextKind(button) {
    const kind = button.dataset.kind;
    if (button.dataset.weekend === "1") {
      return { rest: "makeup", makeup: "holiday", holiday: "rest" }[kind];
    }
    return kind === "holiday" ? "work" : "holiday";
  }
  grid.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-date]");
    if (!button) return;
    const kind = nextKind(button);
    const map = entries();
    const old = (map.get(button.dataset.date) || "").split(/[,，]/);
    const name = old.length > 2 ? old.slice(2).join(",") : "";
    if (MARK[kind]) {
      map.set(button.dataset.date, [button.dataset.date, MARK[kind], name].filter(Boolean).join(","));
    } else {
      map.delete(button.dataset.date);
    }
    list.value = Array.from(map.keys()).sort().map(function (k) { return map.get(k); }).join("\n");
    list.dispatchEvent(new Event("change", { bubbles: true }));
    button.dataset.kind = kind;
    button.className = "calendar-day calendar-day--" + kind;
    button.setAttribute("aria-label", button.dataset.date + (MARK[kind] ? " " + MARK[kind] : ""));
  });
});
