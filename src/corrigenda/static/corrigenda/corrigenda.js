/*
 * Corrigenda reader widget: select a wrong passage in the article, press Ctrl+Enter.
 * Embed once per article page:
 *   <script src="https://desk.example.org/static/corrigenda/corrigenda.js" defer
 *           data-site="SITE_KEY" data-article="article .body"></script>
 * data-article: the article container (default "article"); data-api: the server, if
 * not this script's origin. The dialog, corrigenda-dialog.js beside it, loads on first use.
 * data-corrections (no value): also fetch the article's published corrections and show
 * them at the end of the container; the only request at page load, and only with it.
 * A page with a Content-Security-Policy allows the desk in script-src and connect-src.
 */
(() => {
  "use strict";
  const script =
    document.currentScript || document.querySelector("script[data-site][src*='corrigenda.js']");
  if (!script || window.Corrigenda) return;

  const siteKey = script.dataset.site;
  const scriptUrl = new URL(script.src, location.href);
  const server = (script.dataset.api || scriptUrl.origin).replace(/\/+$/, "");
  const apiUrl = `${server}/api/v1/sites/${encodeURIComponent(siteKey)}/reports`;
  const articleSelector = script.dataset.article || "article";
  const queueKey = `corrigenda:queue:${siteKey}`;
  // The touch button's label; all other texts are in the dialog file.
  const SUGGEST = {
    en: "Suggest a correction",
    uk: "Запропонувати виправлення",
    ru: "Предложить исправление",
    de: "Korrektur vorschlagen",
    fr: "Suggérer une correction",
  };

  // The server's normalize_article_text; whitespace spelled out, as \s differs by language.
  const WS = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
  const LINE_BREAK_RUN = new RegExp(`[${WS}]*[\n\r\u2028\u2029][${WS}]*`);
  const SPACE_RUN = new RegExp(`[${WS}]+`, "g");
  const normalizeArticleText = (text) =>
    text
      .split(LINE_BREAK_RUN)
      .map((line) => line.replace(SPACE_RUN, " ").replace(/^ | $/g, ""))
      .filter(Boolean)
      .join("\n");

  const BLOCKS = new Set(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre section article aside header footer figure figcaption table tr td th hr br address details summary main nav".split(" "),
  );
  const SKIPPED = /^(script|style|noscript|template)$/;

  let host, root, touchButton, fallbackLink, touchRange, dialogOpen, pending, loader;
  let touch = matchMedia("(pointer: coarse)").matches;

  const articles = () => {
    try {
      return [...document.querySelectorAll(articleSelector)];
    } catch {
      return [];
    }
  };

  const languageTag = (element) =>
    (element?.closest("[lang]") || document.documentElement).getAttribute("lang") || "";
  // Section and author for the desk's metrics; 200 code points at most, as the server keeps.
  const meta = (name) =>
    [...(document.querySelector(`meta[name='${name}'],meta[property='${name}']`)?.content || "")]
      .slice(0, 200)
      .join("");
  // uk-UA -> uk; English when we have no texts for it.
  function uiLanguage(tag) {
    const primary = tag.split(/[-_]/)[0].toLowerCase();
    return primary in SUGGEST ? primary : "en";
  }

  // Text with blocks on their own lines, and a map from DOM positions to offsets in it.
  function rawText(container) {
    let raw = "";
    const spans = new Map();
    const walk = (node) => {
      const start = raw.length;
      if (node.nodeType === Node.TEXT_NODE) raw += node.data;
      else if (node.nodeType === Node.ELEMENT_NODE && !SKIPPED.test(node.localName) && node !== host) {
        const block = BLOCKS.has(node.localName) ? "\n" : "";
        raw += block;
        for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
        raw += block;
      }
      spans.set(node, [start, raw.length]);
    };
    walk(container);
    const offsetOf = (node, offset) => {
      if (spans.has(node) && node.nodeType === Node.TEXT_NODE) return spans.get(node)[0] + offset;
      if (spans.has(node) && node.nodeType === Node.ELEMENT_NODE) {
        return spans.get(node.childNodes[offset])?.[0] ?? spans.get(node)[1];
      }
      while (!spans.has(node)) node = node.parentNode;
      return spans.get(node)[0];
    };
    return { raw, offsetOf };
  }

  // The report's payload: W3C selectors over the normalised text, UTF-16 offsets.
  function passageOf(range) {
    const container = articles().find((article) => range.intersectsNode(article));
    if (!container) return null;
    const clipped = range.cloneRange();
    if (!container.contains(clipped.startContainer)) clipped.setStart(container, 0);
    if (!container.contains(clipped.endContainer)) clipped.setEnd(container, container.childNodes.length);
    const { raw, offsetOf } = rawText(container);
    const text = normalizeArticleText(raw);
    // Normalising runs left to right: a raw prefix normalises to a prefix of the text.
    const offset = (node, at) => normalizeArticleText(raw.slice(0, offsetOf(node, at))).length;
    let start = offset(clipped.startContainer, clipped.startOffset);
    let end = offset(clipped.endContainer, clipped.endOffset);
    // The server takes quotes of up to 2000 characters; never cut a surrogate pair.
    if (end - start > 2000) {
      end = start + 2000;
      if (/[\ud800-\udbff]/.test(text[end - 1])) end--;
    }
    while (start < end && /[ \n]/.test(text[start])) start++;
    while (end > start && /[ \n]/.test(text[end - 1])) end--;
    if (start >= end) return null;
    return {
      url: location.href,
      canonical_url: document.querySelector("link[rel=canonical]")?.href || null,
      title: (document.title || document.querySelector("meta[property='og:title']")?.content || "").slice(0, 500),
      language: languageTag(container),
      section: meta("article:section"),
      author: meta("author") || meta("article:author"),
      text,
      selector: [
        {
          type: "TextQuoteSelector",
          exact: text.slice(start, end),
          // A lone surrogate at a cut would not survive the database.
          prefix: text.slice(Math.max(0, start - 32), start).replace(/^[\udc00-\udfff]/, ""),
          suffix: text.slice(end, end + 32).replace(/[\ud800-\udbff]$/, ""),
        },
        { type: "TextPositionSelector", start, end },
      ],
    };
  }

  function selectedRange() {
    const selection = getSelection();
    return selection?.rangeCount && !selection.isCollapsed ? selection.getRangeAt(0) : null;
  }

  // Constructed sheets need no 'unsafe-inline' in the page's CSP; <style> where there are none.
  function addStyle(root, css) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } catch {
      root.append(Object.assign(document.createElement("style"), { textContent: css }));
    }
  }

  // A shadow root keeps page styles out and ours in.
  function shadowRoot() {
    if (!root) {
      host = document.createElement("corrigenda-widget");
      root = host.attachShadow({ mode: "open" });
      addStyle(root, `:host{all:initial}
.touch,.fallback{position:fixed;z-index:2147483645;display:flex;align-items:center;box-sizing:border-box;min-height:44px;padding:0 18px;border:2px solid #fff;border-radius:22px;background:#0b4fc4;color:#fff;font:600 16px/1.2 system-ui,sans-serif;text-decoration:none;box-shadow:0 4px 16px rgba(0,0,0,.4);cursor:pointer}
a{left:50%;bottom:24px;transform:translateX(-50%)}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
[hidden]{display:none!important}`);
      root.innerHTML = `<button class="touch" type="button" hidden></button><a class="fallback" hidden></a>`;
      [touchButton, fallbackLink] = root.querySelectorAll("button, a");
      // Pressing the button must not clear the page's selection.
      touchButton.onpointerdown = touchButton.onmousedown = (event) => event.preventDefault();
      touchButton.onclick = () => {
        const payload = touchRange && passageOf(touchRange);
        if (payload) use(payload, "");
      };
      document.body.append(host);
    }
    return root;
  }

  // Opens the dialog, or without a payload shows the hint; loads the dialog file first.
  function use(payload, keys) {
    const ui = uiLanguage(payload ? payload.language : languageTag(articles()[0]));
    const request = { root: shadowRoot(), ui, apiUrl, payload, keys };
    if (payload) {
      touchButton.hidden = fallbackLink.hidden = true;
      dialogOpen = true;
      const returnFocus = document.activeElement;
      request.onClose = () => {
        dialogOpen = false;
        returnFocus?.focus();
        schedulePlacing();
      };
    }
    if (window.Corrigenda.open) return window.Corrigenda.open(request);
    pending = request;
    loadDialog();
  }

  // The dialog file; it also sends the reports kept while offline.
  function loadDialog() {
    if (loader) return;
    loader = document.createElement("script");
    loader.src = new URL(`corrigenda-dialog.js${scriptUrl.search}`, scriptUrl);
    loader.nonce = script.nonce;
    loader.onload = () => pending && window.Corrigenda.open?.(pending);
    loader.onerror = () => {
      // Offline or the desk is down: offer the plain form; retry the file next time.
      loader.remove();
      loader = dialogOpen = null;
      if (!pending) return;
      fallbackLink.href = `${server}/s/${encodeURIComponent(siteKey)}/suggest?url=${encodeURIComponent(location.href)}`;
      fallbackLink.textContent = SUGGEST[pending.ui];
      fallbackLink.hidden = false;
      fallbackLink.focus();
      setTimeout(() => (fallbackLink.hidden = true), 10000);
    };
    document.head.append(loader);
  }

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.defaultPrevented) return;
    const target = event.target;
    // The open dialog handles its own keys; page forms keep their Ctrl+Enter.
    if (dialogOpen || target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.nodeName)) return;
    const range = selectedRange();
    const payload = range && passageOf(range);
    // Without a selection, a focused link or button keeps its Ctrl+Enter (open in a new tab).
    if (!payload && target.closest("a[href], button")) return;
    event.preventDefault();
    use(payload, `${event.metaKey ? "Cmd" : "Ctrl"}+Enter`);
  });

  // Touch screens have no Ctrl+Enter: a button appears below the selection.
  addEventListener("touchstart", () => (touch = true), { passive: true, once: true });
  let placing = 0;
  function placeTouchButton() {
    placing = 0;
    if (!touch || dialogOpen) return;
    const range = selectedRange();
    if (!range || !/\S/.test(String(range)) || !articles().some((article) => range.intersectsNode(article))) {
      if (touchButton) touchButton.hidden = true;
      return;
    }
    shadowRoot();
    touchRange = range.cloneRange();
    const ui = uiLanguage(languageTag(range.commonAncestorContainer.parentElement));
    touchButton.textContent = SUGGEST[ui];
    touchButton.lang = ui;
    touchButton.hidden = false;
    const rects = range.getClientRects();
    const rect = rects[rects.length - 1] || range.getBoundingClientRect();
    const width = touchButton.offsetWidth;
    // Clear of the selection handles, inside the viewport.
    touchButton.style.top = `${Math.max(8, Math.min(rect.bottom + 28, innerHeight - 60))}px`;
    touchButton.style.left = `${Math.max(8, Math.min(rect.left + rect.width / 2 - width / 2, innerWidth - width - 8))}px`;
  }
  const schedulePlacing = () => placing || (placing = requestAnimationFrame(placeTouchButton));
  document.addEventListener("selectionchange", schedulePlacing);
  addEventListener("scroll", () => touchButton?.hidden === false && schedulePlacing(), { passive: true });
  addEventListener("resize", schedulePlacing);

  // The one global, shared with the dialog file, which sets Corrigenda.open.
  window.Corrigenda = { queueKey, addStyle, open: null };

  // Reports kept for a retry (no answer, or a server error) are sent by the dialog file.
  const queued = () => {
    try {
      return localStorage.getItem(queueKey);
    } catch {
      return null;
    }
  };
  addEventListener("online", () => queued() && loadDialog());
  if (queued()) loadDialog();

  // Opt-in: "This article was corrected on …" and the notes, after the article's text.
  const CORRECTED = {
    en: "This article was corrected on %.",
    // Their long dates end in "р." and "г." already.
    uk: "Цю статтю виправлено %",
    ru: "Эта статья исправлена %",
    de: "Dieser Artikel wurde am % korrigiert.",
    fr: "Cet article a été corrigé le %.",
  };
  async function showCorrections(container) {
    const url = document.querySelector("link[rel=canonical]")?.href || location.href;
    const path = `/api/v1/sites/${encodeURIComponent(siteKey)}/articles/corrections?url=`;
    try {
      const { corrections } = await (await fetch(server + path + encodeURIComponent(url), { credentials: "omit" })).json();
      if (!corrections?.length) return;
      const ui = uiLanguage(languageTag(container));
      const box = document.createElement("corrigenda-corrections");
      const notes = box.attachShadow({ mode: "open" });
      addStyle(notes, `:host{display:block;margin:1.5em 0;padding:.6em 1em;border-left:4px solid #0b4fc4;background:#f3f6fb}
p{margin:.4em 0;white-space:pre-line}p:first-of-type{font-weight:600}`);
      // Server text only ever goes in as text.
      const line = (text) => notes.appendChild(document.createElement("p")).append(text);
      const date = new Date(corrections.at(-1).published_at).toLocaleDateString(ui, { dateStyle: "long" });
      line(CORRECTED[ui].replace("%", date));
      for (const correction of corrections) line(correction.note);
      box.setAttribute("role", "note");
      container.append(box);
    } catch {
      // No corrections shown is better than a broken page.
    }
  }
  const container = articles()[0];
  if ("corrections" in script.dataset && container) showCorrections(container);
})();
