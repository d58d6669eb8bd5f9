// Keyboard triage for the desk: j/k move, Enter/o open, a/r/d/s/f decide, c correct, u back, ? help.
// Works on the queue (a list of issues) and on an issue page; without it, every
// action is still a plain link or form button.
(() => {
  "use strict";
  const KEY_TO_STATUS = { a: "accepted", r: "rejected", d: "duplicate", s: "spam", f: "fixed" };
  const list = document.querySelector("[data-triage-list]");
  const issuePage = document.querySelector(".issue-page");
  const help = document.getElementById("keys-help");
  const items = list ? [...list.querySelectorAll("li.issue")] : [];
  let current = -1;

  function select(index) {
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach((item, i) => {
      item.classList.toggle("selected", i === current);
      if (i === current) item.setAttribute("aria-current", "true");
      else item.removeAttribute("aria-current");
    });
    items[current].focus();
    items[current].scrollIntoView({ block: "nearest" });
  }

  function decide(status) {
    const target = issuePage || items[current];
    if (!target) return;
    if (issuePage) {
      const button = issuePage.querySelector(`button[data-action="${status}"]`);
      if (button) button.click();
      return;
    }
    const form = document.getElementById("triage-form");
    form.action = target.dataset.statusUrl;
    form.elements.status.value = status;
    form.submit();
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const field = event.target.closest("input, textarea, select, [contenteditable]");
    if (field || (help && help.open)) return;
    const key = event.key;
    if (key === "?") {
      help?.showModal();
    } else if (key === "j" || key === "k") {
      select(current + (key === "j" ? 1 : -1));
    } else if ((key === "Enter" || key === "o") && items[current]) {
      items[current].querySelector("a.open").click();
    } else if (key === "c" && issuePage) {
      document.querySelector("[data-key-correction]")?.click();
    } else if (key === "u" && issuePage) {
      document.querySelector("[data-key-back]")?.click();
    } else if (KEY_TO_STATUS[key]) {
      decide(KEY_TO_STATUS[key]);
    } else {
      return;
    }
    event.preventDefault();
  });

  if (items.length) select(0);
})();
