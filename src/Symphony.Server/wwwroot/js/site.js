// Progressive enhancement: the workspace switcher navigates on change; without script, its Go button does.
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});

// Times are rendered in UTC; with script they are shown in the viewer's own time zone (the UTC time stays as the title).
const localTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false, timeZoneName: "short",
});
document.querySelectorAll("time[data-local]").forEach((time) => {
  const when = new Date(time.getAttribute("datetime"));
  if (Number.isNaN(when.getTime())) return;
  time.title = time.textContent;
  time.textContent = localTime.format(when);
});
