// The steps of a draft (includes/draft_session.html):
//
// 1. Autosave. A few seconds after typing stops, the step's form is posted
//    to its autosave address (data-autosave-url; the same form and service
//    as the save buttons, which work without this script). What is valid
//    is saved; the answer's message says when.
// 2. The idle warning. The session ends SESSION_COOKIE_AGE seconds after the
//    last request (data-session-age); data-warn-before seconds earlier an
//    alert dialog asks to stay signed in (a POST to the keep-alive address).
// 3. Nothing typed is lost to an ended session. The form's values are kept
//    in this tab's sessionStorage (by the step's path) when a save is sent
//    and whenever an autosave fails; a save is sent to "<step>?resume=1",
//    so that a save refused for want of a session goes to sign in with
//    next=<step>?resume=1, and on coming back the kept values are put back
//    into the form (and autosaved). Opening a step without ?resume drops
//    what was kept for it: the save went through.
(function () {
  "use strict";
  const DELAY = 3000;
  const KEPT_FOR = 6 * 3600 * 1000;
  const RESUME = "resume";
  const key = "portal-draft:" + window.location.pathname;

  function storage() {
    try { return window.sessionStorage; } catch (error) { return null; }
  }

  function fields(form) {
    return Array.from(form.elements).filter(function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" &&
        !["file", "submit", "button", "reset"].includes(el.type);
    });
  }

  function fieldKey(el) {
    return (el.type === "radio" || el.type === "checkbox") ? el.name + "=" + el.value : el.name;
  }

  function snapshot(form) {
    const values = {};
    fields(form).forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") values[fieldKey(el)] = el.checked;
      else if (el.multiple) values[fieldKey(el)] = Array.from(el.selectedOptions).map(function (o) { return o.value; });
      else values[fieldKey(el)] = el.value;
    });
    return values;
  }

  function putBack(form, values) {
    let changed = false;
    fields(form).forEach(function (el) {
      const k = fieldKey(el);
      if (!(k in values)) return;
      const value = values[k];
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked !== value) { el.checked = value; changed = true; }
      } else if (el.multiple) {
        Array.from(el.options).forEach(function (o) {
          const selected = value.includes(o.value);
          if (o.selected !== selected) { o.selected = selected; changed = true; }
        });
      } else if (el.value !== value) {
        el.value = value;
        changed = true;
      }
    });
    return changed;
  }

  function keep(form) {
    const store = storage();
    if (store && form) store.setItem(key, JSON.stringify({ at: Date.now(), values: snapshot(form) }));
  }

  function kept() {
    const store = storage();
    if (!store) return null;
    try {
      const entry = JSON.parse(store.getItem(key) || "null");
      return entry && Date.now() - entry.at < KEPT_FOR ? entry.values : null;
    } catch (error) { return null; }
  }

  function drop() {
    const store = storage();
    if (store) store.removeItem(key);
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.querySelector("form[data-draft-autosave]");
    const status = document.querySelector("[data-autosave-status]");
    const box = document.querySelector("[data-idle-warning]");
    const idle = box ? idleWarning(box, form) : { touch: function () {}, end: function () {} };

    // 3. Coming back after signing in: put back what was kept.
    const params = new URLSearchParams(window.location.search);
    let dirty = false;
    if (form && params.has(RESUME)) {
      const values = kept();
      if (values && putBack(form, values)) {
        dirty = true;
        const notice = document.querySelector("[data-draft-restored]");
        if (notice) {
          form.parentNode.insertBefore(notice, form);
          notice.hidden = false;
        }
      }
      params.delete(RESUME);
      const query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    }
    if (!dirty) drop();
    if (!form) return;

    // 1. Autosave.
    const url = form.dataset.autosaveUrl;
    let timer = null;
    let sending = false;

    function say(message, state) {
      if (!status) return;
      status.textContent = message;
      status.dataset.state = state;
    }

    function failed(message) {
      dirty = true;
      keep(form);
      say(message || (status && status.dataset.notSaved) || "", "failed");
    }

    function autosave() {
      if (!dirty || !url) return;
      if (sending) { schedule(); return; }
      dirty = false;
      sending = true;
      fetch(url, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json" },
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          sending = false;
          if (response.status === 200 && data.saved) {
            idle.touch();
            if (!dirty) drop();
            say(data.message, "saved");
            return;
          }
          failed(data.message);
          if (response.status === 401) idle.end();
        });
      }).catch(function () { sending = false; failed(); });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(autosave, DELAY);
    }

    form.addEventListener("input", function () { dirty = true; schedule(); });
    form.addEventListener("change", function () { dirty = true; schedule(); });
    form.addEventListener("submit", function () {
      // 3. A save sent with what was typed kept, and ?resume to come back to.
      window.clearTimeout(timer);
      dirty = false;
      keep(form);
      form.action = window.location.pathname + "?" + RESUME + "=1";
    });
    // Leaving the page (or its tab hidden) with unsaved typing: send it.
    function flush() {
      if (!dirty || !url || !navigator.sendBeacon) return;
      keep(form);
      navigator.sendBeacon(url, new FormData(form));
      dirty = false;
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") flush();
    });
    window.addEventListener("pagehide", flush);
    if (dirty) autosave();
  });

  // 2. The idle warning: shown warn-before seconds before the session ends
  // (counted from the page's load or the last request that reached the
  // server signed in), with focus on its button; after the end it says so
  // and offers to sign in again.
  function idleWarning(box, form) {
    const age = Number(box.dataset.sessionAge) * 1000;
    const warnBefore = Number(box.dataset.warnBefore) * 1000;
    const keepForm = box.querySelector("[data-keep-alive-form]");
    const button = box.querySelector("[data-keep-alive]");
    let last = Date.now();
    let shown = false;
    let ended = false;
    let before = null;

    function show() {
      shown = true;
      before = document.activeElement;
      box.hidden = false;
      button.focus();
    }

    function hide() {
      shown = false;
      box.hidden = true;
      if (before && before.focus) before.focus();
    }

    function end() {
      if (ended) return;
      ended = true;
      keep(form);
      box.querySelectorAll("[data-idle-soon]").forEach(function (el) { el.hidden = true; });
      box.querySelectorAll("[data-idle-ended]").forEach(function (el) { el.hidden = false; });
      keepForm.hidden = true;
      box.hidden = false;
      const link = box.querySelector("[data-sign-in-again]");
      if (link) link.focus();
    }

    function touch() {
      if (ended) return;
      last = Date.now();
      if (shown) hide();
    }

    keepForm.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(keepForm.action, {
        method: "POST",
        body: new FormData(keepForm),
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json" },
      }).then(function (response) {
        if (response.status === 200) touch();
        else end();
      }).catch(function () {});
    });

    window.setInterval(function () {
      const elapsed = Date.now() - last;
      if (!ended && elapsed >= age) end();
      else if (!shown && !ended && elapsed >= age - warnBefore) show();
    }, 1000);
    return { touch: touch, end: end };
  }
})();
