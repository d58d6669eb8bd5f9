// Keyboard triage for the desk: j/k move, x tick, Enter/o open, a/r/d/s/f decide, c correct,
// u back, 1-9 saved views, ? help; shift-click ticks a range of issues in the queue.
// Single-key shortcuts are off when the editor's settings say so (<body data-shortcuts>,
// WCAG 2.1.4). Without this file every action is still a plain link or form button.
(() => {
  "use strict";
  const KEY_TO_STATUS = { a: "accepted", r: "rejected", d: "duplicate", s: "spam", f: "fixed" };
  const KEY_TO_BULK = { a: "accept", r: "reject", s: "spam" };
  const TYPING = "textarea, select, [contenteditable], input:not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button])";
  const shortcutsOn = document.body.dataset.shortcuts === "on";
  const list = document.querySelector("[data-triage-list]");
  const bulkForm = document.getElementById("bulk-form");
  const issuePage = document.querySelector(".issue-page");
  const help = document.getElementById("keys-help");
  const items = list ? [...list.querySelectorAll("li.issue")] : [];
  const boxes = items.map((item) => item.querySelector("input.pick"));
  let current = -1;
  let lastTicked = -1;

  function select(index, { focus = true } = {}) {
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach((item, i) => {
      item.classList.toggle("selected", i === current);
      if (i === current) item.setAttribute("aria-current", "true");
      else item.removeAttribute("aria-current");
    });
    if (focus) {
      items[current].focus();
      items[current].scrollIntoView({ block: "nearest" });
    }
  }

  function ticked() {
    return boxes.filter((box) => box?.checked);
  }

  function showTicked() {
    const count = document.getElementById("picked-count");
    if (!count) return;
    const n = ticked().length;
    count.dataset.base ??= count.textContent;
    count.textContent = n ? `${n} ✓` : count.dataset.base;
    items.forEach((item, i) => item.classList.toggle("ticked", Boolean(boxes[i]?.checked)));
  }

  // Keys act on the row that has focus, however it got there (Tab, a click, j/k).
  list?.addEventListener("focusin", (event) => {
    const index = items.indexOf(event.target.closest("li.issue"));
    if (index >= 0 && index !== current) select(index, { focus: false });
  });

  // Shift-click ticks every issue between the last one ticked and this one.
  boxes.forEach((box, index) => {
    box?.addEventListener("click", (event) => {
      if (event.shiftKey && lastTicked >= 0) {
        const [from, to] = [Math.min(lastTicked, index), Math.max(lastTicked, index)];
        for (let i = from; i <= to; i++) if (boxes[i]) boxes[i].checked = box.checked;
      }
      lastTicked = index;
      select(index, { focus: false });
      showTicked();
    });
  });

  function decide(key) {
    if (issuePage) {
      if (key === "d") {
        document.getElementById("id_duplicate_of")?.focus();
        return;
      }
      issuePage.querySelector(`button[data-action="${KEY_TO_STATUS[key]}"]`)?.click();
      return;
    }
    if (bulkForm && ticked().length && KEY_TO_BULK[key]) {
      bulkForm.requestSubmit(bulkForm.querySelector(`button[value="${KEY_TO_BULK[key]}"]`));
      return;
    }
    const target = items[current];
    if (!target) return;
    const form = document.getElementById("triage-form");
    form.action = target.dataset.statusUrl;
    form.elements.status.value = KEY_TO_STATUS[key];
    form.submit();
  }

  // The undo offer goes when the server would refuse it.
  const undo = document.querySelector("[data-undo-until]");
  if (undo) {
    const left = Number(undo.dataset.undoUntil) * 1000 - Date.now();
    setTimeout(() => undo.remove(), Math.max(0, left));
  }

  if (items.length) select(0, { focus: false });
  if (!shortcutsOn) return;

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest(TYPING) || (help && help.open)) return;
    const key = event.key;
    const onRow = event.target === document.body || event.target.matches?.("li.issue");
    if (key === "?") {
      help?.showModal();
    } else if (key === "j" || key === "k") {
      select(current + (key === "j" ? 1 : -1));
    } else if (key === "x" && items[current]) {
      boxes[current]?.click();
    } else if (((key === "Enter" && onRow) || key === "o") && items[current]) {
      items[current].querySelector("a.open").click();
    } else if (/^[1-9]$/.test(key) && !issuePage) {
      const view = document.querySelector(`[data-view-key="${key}"]`);
      if (!view) return;
      view.click();
    } else if (key === "c" && issuePage) {
      document.querySelector("[data-key-correction]")?.click();
    } else if (key === "u" && issuePage) {
      document.querySelector("[data-key-back]")?.click();
    } else if (KEY_TO_STATUS[key]) {
      decide(key);
    } else {
      return;
    }
    event.preventDefault();
  });
})();
