/*
 * Corrigenda reader widget: select a wrong passage in the article, press Ctrl+Enter.
 * Embed once per article page:
 *   <script src="https://desk.example.org/static/corrigenda/corrigenda.js" defer
 *           data-site="SITE_KEY" data-article="article .body"></script>
 * data-article: the article container (default "article"); data-api: the server, if
 * not this script's origin. data-corrections (no value): also show the article's
 * published corrections at the end of the container; the only requests at page load, and
 * only with it.
 * A page with a Content-Security-Policy allows the desk in script-src and connect-src.
 *
 * Every article page loads this file, so it only listens (budget: 2 KB gzipped as served,
 * bench/widget_size.py). What it finds to do loads from beside it: corrigenda-dialog.js
 * (the dialog, the hint, the report, the touch button and the retry queue) on first use
 * or when a report waits; corrigenda-notes.js (the corrections box) with data-corrections.
 */
(() => {
  "use strict";
  const script =
    document.currentScript || document.querySelector("script[data-site][src*='corrigenda.js']");
  if (!script || window.Corrigenda) return;

  const { site, article = "article" } = script.dataset;
  const scriptUrl = new URL(script.src, location.href);
  const server = (script.dataset.api || scriptUrl.origin).replace(/\/+$/, "");
  // The touch button's label and the plain form's link; all other texts load later.
  const SUGGEST = {
    en: "Suggest a correction",
    uk: "Запропонувати виправлення",
    ru: "Предложить исправление",
    de: "Korrektur vorschlagen",
    fr: "Suggérer une correction",
  };

  const articles = () => {
    try {
      return [...document.querySelectorAll(article)];
    } catch {
      return [];
    }
  };
  // uk-UA -> uk; English when we have no texts for it.
  const uiLanguage = (element) => {
    const tag = (element?.closest("[lang]") || document.documentElement).getAttribute("lang") || "";
    const primary = tag.split(/[-_]/)[0].toLowerCase();
    return primary in SUGGEST ? primary : "en";
  };

  // Constructed sheets need no 'unsafe-inline' in the page's CSP; <style> where there are none.
  const addStyle = (root, css) => {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } catch {
      root.append(Object.assign(document.createElement("style"), { textContent: css }));
    }
  };

  // A shadow root keeps page styles out and ours in; the dialog and the touch button
  // open in it too.
  let root;
  const shadow = () => {
    if (!root) {
      const host = document.createElement("corrigenda-widget");
      root = host.attachShadow({ mode: "open" });
      addStyle(root, `:host{all:initial}
a{position:fixed;z-index:2147483645;left:50%;bottom:24px;transform:translateX(-50%);padding:10px 18px;border:2px solid #fff;border-radius:22px;background:#0b4fc4;color:#fff;font:600 16px/1.2 system-ui,sans-serif;text-decoration:none}`);
      document.body.append(host);
    }
    return root;
  };

  // A selection with text in the article, or null.
  const selected = () => {
    const selection = getSelection();
    const range = selection?.rangeCount && !selection.isCollapsed && selection.getRangeAt(0);
    return range && /\S/.test(range) && articles().some((item) => range.intersectsNode(item))
      ? range.cloneRange()
      : null;
  };

  // The one global: what the files loaded later use, and what they set (open, busy).
  const widget = (window.Corrigenda = {
    script,
    server,
    site,
    queueKey: `corrigenda:queue:${site}`,
    articles,
    uiLanguage,
    addStyle,
    shadow,
    selected,
    touch: matchMedia("(pointer: coarse)").matches,
  });

  // corrigenda-NAME.js beside this file, with the page's nonce for a nonce-based CSP.
  const load = (name, failed) => {
    const file = document.createElement("script");
    file.src = new URL(`corrigenda-${name}.js${scriptUrl.search}`, scriptUrl);
    file.nonce = script.nonce;
    file.onerror = () => {
      file.remove();
      failed?.();
    };
    return document.head.appendChild(file);
  };
  // The dialog file; after a failure, a reader's next request tries again.
  let dialogFile;
  const loadDialog = () =>
    dialogFile?.isConnected ||
    (dialogFile = load("dialog", () => {
      if (!widget.request) return;
      // Offline or the desk is down: offer the plain form for a while.
      widget.request = null;
      shadow().querySelector("a")?.remove();
      const link = root.appendChild(document.createElement("a"));
      link.href = `${server}/s/${encodeURIComponent(site)}/suggest?url=${encodeURIComponent(location.href)}`;
      link.textContent = SUGGEST[uiLanguage(articles()[0])];
      link.focus();
      setTimeout(() => link.remove(), 10000);
    }));

  // The dialog for a selection, or the hint without one, as soon as the dialog file is here.
  const use = (range, keys) => {
    widget.request = { range, keys };
    widget.open ? widget.open(widget.request) : loadDialog();
  };

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.defaultPrevented) return;
    // The open dialog handles its own keys; page forms keep their Ctrl+Enter.
    if (widget.busy || target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.nodeName)) return;
    const range = selected();
    // Without a selection, a focused link or button keeps its Ctrl+Enter (open in a new tab).
    if (!range && target.closest("a[href], button")) return;
    event.preventDefault();
    use(range, `${event.metaKey ? "Cmd" : "Ctrl"}+Enter`);
  });

  // Touch screens have no Ctrl+Enter: the first selection in the article brings the dialog
  // file, which shows a button below the selection from then on.
  addEventListener("touchstart", () => (widget.touch = true), { passive: true, once: true });
  document.addEventListener("selectionchange", () => widget.touch && !dialogFile && selected() && loadDialog());

  // Reports kept for a retry are sent by the dialog file.
  const queued = () => {
    try {
      return localStorage.getItem(widget.queueKey);
    } catch {
      return null;
    }
  };
  // Back online: send them, and try a dialog file that did not load again.
  addEventListener("online", () => (queued() || dialogFile) && loadDialog());
  if (queued()) loadDialog();

  if ("corrections" in script.dataset && articles()[0]) load("notes");
})();
