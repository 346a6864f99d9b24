// Progressive enhancement: the workspace switcher navigates on change; without script, its Go button does.
const autosubmit = (root) => root.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
autosubmit(document);

// What cannot be undone asks first: a form with data-confirm is sent only once its question is answered yes.
document.addEventListener("submit", (event) => {
  const question = event.target.getAttribute?.("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});

// A copy button copies the value of the field it names (a token shown once).
document.addEventListener("click", (event) => {
  const button = event.target.closest?.("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.getAttribute("data-copy"));
  field.select();
  navigator.clipboard?.writeText(field.value);
});

// Times are rendered in UTC; with script they are shown in the viewer's own time zone (the UTC time stays as the title).
const localTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false, timeZoneName: "short",
});
const localize = (root) => root.querySelectorAll("time[data-local]").forEach((time) => {
  const when = new Date(time.getAttribute("datetime"));
  if (Number.isNaN(when.getTime())) return;
  time.title = time.textContent;
  time.textContent = localTime.format(when);
});
localize(document);

// Live pages: while a page holds [data-live-refresh] (a run or a list with active runs), it fetches itself again
// and swaps in its [data-live] parts by id, every second while they change, backing off to ten seconds while they
// do not (and on errors). It stops once the fresh page no longer holds the marker, after that last update. A part
// holding the focus or a typed value is left as it is. Without script the page is reloaded by hand.
if (document.querySelector("[data-live-refresh]")) {
  let delay = 1000;
  const served = new WeakMap(); // each part's HTML as the server sent it, before times were localized
  // What a part shows: its HTML without the anti-forgery tokens of its forms, which differ in every answer.
  const shown = (part) => {
    const copy = part.cloneNode(true);
    copy.querySelectorAll("input[name=__RequestVerificationToken]").forEach((token) => token.remove());
    return copy.innerHTML;
  };
  const busy = (part) => part.contains(document.activeElement)
    || [...part.querySelectorAll("input:not([type=hidden]), textarea")].some((field) => field.value !== "");
  const refresh = async () => {
    let more = true;
    try {
      const response = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      let changed = false;
      document.querySelectorAll("[data-live]").forEach((part) => {
        const next = fresh.getElementById(part.id);
        if (!next || shown(next) === (served.get(part) ?? shown(part)) || busy(part)) return;
        const swapped = document.importNode(next, true);
        served.set(swapped, shown(next));
        part.replaceWith(swapped);
        autosubmit(swapped);
        localize(swapped);
        changed = true;
      });
      more = fresh.querySelector("[data-live-refresh]") !== null;
      delay = changed ? 1000 : Math.min(delay * 2, 10000);
    } catch {
      delay = Math.min(delay * 2, 10000);
    }
    if (more) setTimeout(refresh, delay);
  };
  setTimeout(refresh, delay);
}
