// Progressive enhancement: the workspace switcher navigates on change; without script, its Go button does.
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
