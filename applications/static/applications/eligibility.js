/* The step "site, staff and conditions": the conditions of Article 7 (6)
 * checked again as the applicant types (the server judges; this only asks
 * it). A file rather than an inline script, for the Content-Security-Policy. */
document.addEventListener("DOMContentLoaded", function () {
  const form = document.querySelector("[data-eligibility-form]");
  const list = form && form.querySelector("[data-eligibility-list]");
  if (!list) return;
  function seniorCount() {
    return Array.from(form.querySelectorAll('input[name^="senior-"][name$="-name"]'))
      .filter(function (input) {
        const del = form.querySelector('input[name="' + input.name.replace(/-name$/, "-DELETE") + '"]');
        return input.value.trim() && !(del && del.checked);
      }).length;
  }
  let timer = null;
  function check() {
    const params = new URLSearchParams({
      category: form.dataset.category,
      area: form.querySelector('[name="site_area_m2"]').value,
      staff: form.querySelector('[name="staff_count"]').value,
      senior: seniorCount(),
      special: form.dataset.special,
      endangered: form.dataset.endangered,
    });
    fetch(form.dataset.url + "?" + params, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (!data.overall) return;
        list.replaceChildren.apply(list, data.criteria
          .filter(function (c) { return c.result !== "reviewer_judgement"; })
          .map(function (c) {
            const li = document.createElement("li");
            li.className = "criterion criterion--" + c.result;
            li.dataset.code = c.code;
            li.textContent = c.message;
            return li;
          }));
      });
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 300); });
});
