/*
 * Corrigenda: the correction dialog and the hint, with their texts in every language; the
 * report's payload (the article's text and the selected passage); the touch button; and
 * the retry queue of reports that could not be sent.
 * Do not embed this file: corrigenda.js loads it the first time a reader presses
 * Ctrl+Enter or selects text in the article on a touch screen, or when reports wait in
 * the queue, and talks to it through window.Corrigenda (this file sets Corrigenda.open,
 * and Corrigenda.busy while the dialog is open).
 */
(() => {
  "use strict";
  const widget = window.Corrigenda;
  if (!widget || widget.open) return;
  const WEEK = 7 * 24 * 3600 * 1000;

  const TEXTS = {
    en: {
      hint: "Select the words that are wrong in the article, then press {keys}.",
      title: "Suggest a correction",
      selected: "The passage you selected",
      kind: "Kind of problem",
      kinds: { typo: "Typo", factual: "Factual error", clarification: "Needs clarification", other: "Other" },
      suggestion: "What should it say? (optional)",
      comment: "Comment (optional)",
      email: "Your email, if you want to hear back (optional)",
      send: "Send",
      cancel: "Cancel",
      close: "Close",
      sending: "Sending…",
      thanks: "Thank you! The editors will look at it.",
      offline: "You seem to be offline. Your report is saved and will be sent when you next open a page of this site.",
      tooMany: "You have sent many reports in a short time. Please try again later.",
      failed: "Your report could not be sent. Please try again later.",
    },
    uk: {
      hint: "Виділіть у статті слова з помилкою, а потім натисніть {keys}.",
      title: "Запропонувати виправлення",
      selected: "Виділений вами фрагмент",
      kind: "Що не так?",
      kinds: { typo: "Одруківка", factual: "Фактична помилка", clarification: "Потрібне уточнення", other: "Інше" },
      suggestion: "Як має бути? (необов’язково)",
      comment: "Коментар (необов’язково)",
      email: "Ваша електронна адреса, якщо хочете отримати відповідь (необов’язково)",
      send: "Надіслати",
      cancel: "Скасувати",
      close: "Закрити",
      sending: "Надсилаємо…",
      thanks: "Дякуємо! Редакція розгляне ваше повідомлення.",
      offline: "Схоже, ви не в мережі. Ваше повідомлення збережено, і ми надішлемо його, коли ви наступного разу відкриєте сторінку цього сайту.",
      tooMany: "Ви надіслали забагато повідомлень за короткий час. Спробуйте, будь ласка, пізніше.",
      failed: "Не вдалося надіслати повідомлення. Спробуйте, будь ласка, пізніше.",
    },
    ru: {
      hint: "Выделите в статье слова с ошибкой, а затем нажмите {keys}.",
      title: "Предложить исправление",
      selected: "Выделенный вами фрагмент",
      kind: "Что не так?",
      kinds: { typo: "Опечатка", factual: "Фактическая ошибка", clarification: "Нужно уточнение", other: "Другое" },
      suggestion: "Как должно быть? (необязательно)",
      comment: "Комментарий (необязательно)",
      email: "Ваш адрес электронной почты, если хотите получить ответ (необязательно)",
      send: "Отправить",
      cancel: "Отмена",
      close: "Закрыть",
      sending: "Отправляем…",
      thanks: "Спасибо! Редакция рассмотрит ваше сообщение.",
      offline: "Похоже, вы не в сети. Ваше сообщение сохранено, и мы отправим его, когда вы в следующий раз откроете страницу этого сайта.",
      tooMany: "Вы отправили слишком много сообщений за короткое время. Пожалуйста, попробуйте позже.",
      failed: "Не удалось отправить сообщение. Пожалуйста, попробуйте позже.",
    },
    de: {
      hint: "Markieren Sie die fehlerhaften Wörter im Artikel und drücken Sie dann {keys}.",
      title: "Korrektur vorschlagen",
      selected: "Die von Ihnen markierte Stelle",
      kind: "Art des Problems",
      kinds: { typo: "Tippfehler", factual: "Sachlicher Fehler", clarification: "Unklar, braucht Erläuterung", other: "Sonstiges" },
      suggestion: "Wie sollte es heißen? (optional)",
      comment: "Kommentar (optional)",
      email: "Ihre E-Mail-Adresse, falls Sie eine Antwort möchten (optional)",
      send: "Senden",
      cancel: "Abbrechen",
      close: "Schließen",
      sending: "Wird gesendet …",
      thanks: "Vielen Dank! Die Redaktion sieht sich das an.",
      offline: "Sie scheinen offline zu sein. Ihre Meldung ist gespeichert und wird gesendet, wenn Sie das nächste Mal eine Seite dieser Website öffnen.",
      tooMany: "Sie haben in kurzer Zeit viele Meldungen gesendet. Bitte versuchen Sie es später noch einmal.",
      failed: "Ihre Meldung konnte nicht gesendet werden. Bitte versuchen Sie es später noch einmal.",
    },
    fr: {
      hint: "Sélectionnez les mots erronés dans l’article, puis appuyez sur {keys}.",
      title: "Suggérer une correction",
      selected: "Le passage que vous avez sélectionné",
      kind: "Type de problème",
      kinds: { typo: "Faute de frappe", factual: "Erreur factuelle", clarification: "Manque de clarté", other: "Autre" },
      suggestion: "Que faudrait-il écrire\u00a0? (facultatif)",
      comment: "Commentaire (facultatif)",
      email: "Votre adresse e-mail, si vous souhaitez une réponse (facultatif)",
      send: "Envoyer",
      cancel: "Annuler",
      close: "Fermer",
      sending: "Envoi en cours…",
      thanks: "Merci\u00a0! La rédaction va l’examiner.",
      offline: "Vous semblez être hors ligne. Votre signalement est enregistré et sera envoyé la prochaine fois que vous ouvrirez une page de ce site.",
      tooMany: "Vous avez envoyé beaucoup de signalements en peu de temps. Veuillez réessayer plus tard.",
      failed: "Votre signalement n’a pas pu être envoyé. Veuillez réessayer plus tard.",
    },
  };

  // Empty live regions stay rendered (only shrunk): screen readers may miss a region that appears.
  const STYLE = `
.toast{position:fixed;z-index:2147483645;left:50%;bottom:24px;transform:translateX(-50%);box-sizing:border-box;max-width:min(32rem,calc(100vw - 24px));padding:12px 16px;
  border:2px solid #fff;border-radius:8px;background:#111;color:#fff;font:16px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.4)}
.touch{position:fixed;z-index:2147483645;display:flex;align-items:center;box-sizing:border-box;min-height:44px;padding:0 18px;border:2px solid #fff;border-radius:22px;
  background:#0b4fc4;color:#fff;font:600 16px/1.2 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.4);cursor:pointer}
.touch:focus-visible{outline:3px solid #ffbf47}
.toast:empty,.status:empty{padding:0;margin:0;border:0;box-shadow:none}
.backdrop{position:fixed;inset:0;z-index:2147483646;background:rgba(0,0,0,.6)}
.dialog{--bg:#fff;--fg:#111;--muted:#3d3d3d;--line:#6b6b6b;--accent:#0b4fc4;--accent-fg:#fff;--focus:#0b4fc4;--error:#b00020;--ok:#0a6b2d;--quote:#f3f3f3;
  color-scheme:light;position:fixed;z-index:2147483647;left:50%;top:50%;transform:translate(-50%,-50%);box-sizing:border-box;
  width:min(34rem,calc(100vw - 24px));max-height:calc(100vh - 24px);overflow:auto;padding:20px 24px;
  background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:10px;box-shadow:0 12px 40px rgba(0,0,0,.45);
  font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:left}
@media (prefers-color-scheme:dark){.dialog{color-scheme:dark;--bg:#1c1c1e;--fg:#f5f5f5;--muted:#d0d0d0;--line:#a0a0a0;--accent:#8ab4ff;--accent-fg:#0b0b0b;--focus:#8ab4ff;--error:#ff8a8a;--ok:#7ee2a0;--quote:#2c2c2e}}
@media (prefers-reduced-motion:no-preference){.dialog,.backdrop,.toast{animation:corrigenda-fade .15s ease-out}}
@keyframes corrigenda-fade{from{opacity:0}}
h2{margin:0 0 12px;font-size:1.3rem;line-height:1.25}
.caption{margin:0 0 4px;color:var(--muted);font-size:.9rem}
blockquote{margin:0 0 16px;padding:8px 12px;max-height:8.5em;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere;background:var(--quote);border-left:4px solid var(--accent)}
.field{margin:0 0 14px}
label{display:block;margin:0 0 4px;font-weight:600}
select,textarea,input{box-sizing:border-box;width:100%;padding:8px 10px;font:inherit;color:var(--fg);background:var(--bg);border:2px solid var(--line);border-radius:6px}
textarea{min-height:4.5em;resize:vertical}
[aria-invalid=true]{border-color:var(--error)}
.error{margin:4px 0 0;color:var(--error);font-size:.95rem}
.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.buttons{display:flex;flex-wrap:wrap;gap:10px;margin-top:4px}
button{min-height:44px;padding:0 20px;font:inherit;font-weight:600;border-radius:6px;cursor:pointer;border:2px solid var(--accent);background:transparent;color:var(--fg)}
button.primary{background:var(--accent);color:var(--accent-fg)}
button[aria-disabled=true]{opacity:.6;cursor:progress}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.status{margin:14px 0 0;padding:10px 12px;border-left:4px solid var(--line)}
.status[data-tone=error]{border-color:var(--error)}
.status[data-tone=ok]{border-color:var(--ok)}
.done{margin-top:14px}
[hidden]{display:none!important}
@media (pointer:coarse){select,input{min-height:44px}}
`;

  const languageTag = (element) =>
    (element?.closest("[lang]") || document.documentElement).getAttribute("lang") || "";

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
  // Our own element holds the dialog and the buttons, never article text.
  const SKIPPED = /^(script|style|noscript|template|corrigenda-widget)$/;

  // Text with blocks on their own lines, and a map from DOM positions to offsets in it.
  function rawText(container) {
    let raw = "";
    const spans = new Map();
    const walk = (node) => {
      const start = raw.length;
      if (node.nodeType === Node.TEXT_NODE) raw += node.data;
      else if (node.nodeType === Node.ELEMENT_NODE && !SKIPPED.test(node.localName)) {
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

  // The report's payload: W3C selectors over the normalised text, UTF-16 offsets. The page's
  // title, section and author are not sent: the desk takes them from the newsroom.
  function passageOf(range) {
    const container = widget.articles().find((article) => range.intersectsNode(article));
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
      language: languageTag(container),
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

  const escape = (text) =>
    String(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

  // 22 url-safe random characters; the server answers a repeated key with the first report.
  function newIdempotencyKey() {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    return Array.from(crypto.getRandomValues(new Uint8Array(22)), (byte) => alphabet[byte & 63]).join("");
  }

  // The retry queue: reports that got no answer or a server error, per site in localStorage.
  function readQueue() {
    try {
      return (JSON.parse(localStorage.getItem(widget.queueKey)) || []).filter((entry) => entry?.payload);
    } catch {
      return [];
    }
  }
  function writeQueue(entries) {
    try {
      if (entries.length) localStorage.setItem(widget.queueKey, JSON.stringify(entries));
      else localStorage.removeItem(widget.queueKey);
      return true;
    } catch {
      return false;
    }
  }
  const keyOf = (entry) => entry.payload.idempotency_key;

  // Long articles go gzipped under the server's 64 KB cap; any body over it is >16K UTF-16 units.
  const send = async (url, payload) => {
    let body = JSON.stringify(payload);
    const headers = { "Content-Type": "application/json" };
    if (body.length > 16384 && window.CompressionStream) {
      body = await new Response(new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"))).blob();
      headers["Content-Encoding"] = "gzip";
    }
    return fetch(url, { method: "POST", mode: "cors", credentials: "omit", headers, body });
  };

  function saveForLater(url, payload) {
    const others = readQueue().filter((entry) => keyOf(entry) !== payload.idempotency_key);
    return writeQueue([...others, { payload, apiUrl: url, tries: 0, queuedAt: Date.now() }]);
  }

  // Resending is safe: a known idempotency key gets the first report's answer.
  let flushing = false;
  async function flushQueue() {
    if (flushing) return;
    flushing = true;
    try {
      for (const entry of readQueue()) {
        let keep = Date.now() - entry.queuedAt < WEEK;
        if (keep) {
          try {
            const { status } = await send(entry.apiUrl, entry.payload);
            keep = status === 429 || status >= 500;
          } catch {
            // No answer: keep it.
          }
        }
        // Other tabs may have changed the queue: re-read it, touch only this entry.
        writeQueue(
          readQueue().flatMap((other) =>
            keyOf(other) !== keyOf(entry) ? [other] : keep ? [{ ...other, tries: other.tries + 1 }] : [],
          ),
        );
      }
    } finally {
      flushing = false;
    }
  }

  let toast, toastTimer;
  function showHint(root, ui, keys) {
    if (!toast) {
      toast = document.createElement("div");
      toast.className = "toast";
      toast.setAttribute("role", "status");
      root.append(toast);
    }
    toast.lang = ui;
    toast.textContent = "";
    // German keyboards label the Control key "Strg".
    const label = ui === "de" ? keys.replace("Ctrl", "Strg") : keys;
    // Filled a moment after the region is emptied, so screen readers announce it again.
    setTimeout(() => (toast.textContent = TEXTS[ui].hint.replace("{keys}", label)), 100);
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (toast.textContent = ""), 7000);
  }

  function openDialog(root, ui, payload) {
    const t = TEXTS[ui];
    const apiUrl = `${widget.server}/api/v1/sites/${encodeURIComponent(widget.site)}/reports`;
    const returnFocus = document.activeElement;
    widget.busy = true;
    if (touchButton) touchButton.hidden = true;
    // One key per report, reused if the reader presses Send again after a failure.
    const idempotencyKey = newIdempotencyKey();
    let busy = false;
    if (toast) toast.textContent = "";
    // No template literal inside another: the minifier (rjsmin) keeps only unnested ones intact.
    const kinds = Object.entries(t.kinds)
      .map(([value, label]) => `<option value="${value}">${escape(label)}</option>`)
      .join("");
    const controls = {
      kind: `<select id="corrigenda-kind" name="kind">${kinds}</select>`,
      suggestion: `<textarea id="corrigenda-suggestion" name="suggestion" maxlength="2000" rows="2"></textarea>`,
      comment: `<textarea id="corrigenda-comment" name="comment" maxlength="4000" rows="3"></textarea>`,
      email: `<input id="corrigenda-email" name="email" type="email" maxlength="254" autocomplete="email">`,
    };
    const field = (name) =>
      `<div class="field"><label for="corrigenda-${name}">${escape(t[name])}</label>${controls[name]}</div>`;
    const frame = document.createElement("div");
    frame.innerHTML = `<div class="backdrop"></div>
<div class="dialog" role="dialog" aria-modal="true" aria-labelledby="corrigenda-title" aria-describedby="corrigenda-quote" lang="${escape(ui)}">
<h2 id="corrigenda-title">${escape(t.title)}</h2>
<p class="caption">${escape(t.selected)}</p>
<blockquote id="corrigenda-quote"></blockquote>
<form novalidate>
${field("kind")}
${field("suggestion")}
${field("comment")}
${field("email")}
<div class="trap" aria-hidden="true"><label for="corrigenda-website">Website</label><input id="corrigenda-website" name="website" tabindex="-1" autocomplete="off" aria-hidden="true"></div>
<div class="buttons"><button type="submit" class="primary">${escape(t.send)}</button><button type="button" class="cancel">${escape(t.cancel)}</button></div>
</form>
<p class="status" role="status" aria-live="polite"></p>
<div class="done" hidden><button type="button" class="close">${escape(t.close)}</button></div>
</div>`;
    const [backdrop, dialog] = frame.children;
    const form = dialog.querySelector("form");
    const status = dialog.querySelector(".status");
    const sendButton = form.querySelector(".primary");
    const done = dialog.querySelector(".done");
    // The quote is page text: set as text, never parsed as HTML.
    const quote = dialog.querySelector("blockquote");
    quote.textContent = payload.selector[0].exact;
    root.append(backdrop, dialog);
    // A long quote scrolls in its box: focusable then, so the keyboard can scroll it too.
    if (quote.scrollHeight > quote.clientHeight) quote.tabIndex = 0;

    const say = (message, tone = "") => {
      status.dataset.tone = tone;
      status.textContent = message;
      status.scrollIntoView({ block: "nearest" });
    };

    const focusable = () =>
      [...dialog.querySelectorAll("blockquote, select, textarea, input, button")].filter(
        (element) => element.tabIndex >= 0 && element.getClientRects().length,
      );

    // Focus that wanders out of the open dialog (a click on the page, a screen reader) comes back.
    const keepFocus = (event) => {
      if (event.target !== root.host) focusable()[0]?.focus();
    };
    document.addEventListener("focusin", keepFocus);
    backdrop.addEventListener("mousedown", (event) => event.preventDefault());

    function close() {
      document.removeEventListener("focusin", keepFocus);
      backdrop.remove();
      dialog.remove();
      widget.busy = false;
      returnFocus?.focus();
      schedulePlacing();
    }

    function finish(message) {
      form.hidden = true;
      done.hidden = false;
      say(message, "ok");
      done.querySelector("button").focus();
    }

    function clearErrors() {
      for (const element of form.querySelectorAll(".error")) element.remove();
      for (const element of form.querySelectorAll("[aria-invalid]")) {
        element.removeAttribute("aria-invalid");
        element.removeAttribute("aria-describedby");
      }
    }

    function markFields(fields) {
      let first = null;
      for (const { field: name, message } of fields || []) {
        const control = form.elements.namedItem(name);
        if (!control || name === "website" || control.hasAttribute("aria-invalid")) continue;
        const note = document.createElement("p");
        note.className = "error";
        note.id = `corrigenda-error-${name}`;
        note.textContent = message;
        control.after(note);
        control.setAttribute("aria-invalid", "true");
        control.setAttribute("aria-describedby", note.id);
        first ||= control;
      }
      first?.focus();
    }

    async function submit() {
      if (busy) return;
      busy = true;
      sendButton.setAttribute("aria-disabled", "true");
      clearErrors();
      const values = form.elements;
      const report = {
        ...payload,
        kind: values.kind.value,
        suggestion: values.suggestion.value.trim(),
        comment: values.comment.value.trim(),
        email: values.email.value.trim(),
        idempotency_key: idempotencyKey,
        website: values.website.value,
      };
      say(t.sending);
      let response = null;
      try {
        response = await send(apiUrl, report);
      } catch {
        // No answer at all: the reader is offline or the server is unreachable.
      }
      busy = false;
      sendButton.removeAttribute("aria-disabled");
      if (!response || response.status >= 500) {
        if (saveForLater(apiUrl, report)) finish(t.offline);
        else say(t.failed, "error");
      } else if (response.ok) {
        finish(t.thanks);
      } else if (response.status === 429) {
        say(t.tooMany, "error");
      } else {
        const error = (await response.json().catch(() => null))?.error;
        say(error?.message || t.failed, "error");
        markFields(error?.fields);
      }
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit();
    });
    dialog.querySelector(".cancel").addEventListener("click", close);
    done.querySelector("button").addEventListener("click", close);
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !form.hidden) {
        event.preventDefault();
        submit();
      } else if (event.key === "Tab") {
        const items = focusable();
        const current = root.activeElement;
        const edge = event.shiftKey ? items[0] : items[items.length - 1];
        if (current === edge || !items.includes(current)) {
          event.preventDefault();
          (event.shiftKey ? items[items.length - 1] : items[0]).focus();
        }
      }
    });

    form.elements.kind.focus();
  }

  let styled = false;
  function styledRoot() {
    const root = widget.shadow();
    if (!styled) widget.addStyle(root, STYLE);
    styled = true;
    return root;
  }

  // Opens the dialog on the selected passage; without one, shows the hint.
  widget.open = ({ range, keys }) => {
    const payload = range && passageOf(range);
    const container = widget.articles().find((article) => range?.intersectsNode(article));
    const ui = widget.uiLanguage(container || widget.articles()[0]);
    if (payload) openDialog(styledRoot(), ui, payload);
    else showHint(styledRoot(), ui, keys);
  };

  // Touch screens have no Ctrl+Enter: a button appears below the selection.
  let touchButton, touchRange;
  let placing = 0;
  function placeTouchButton() {
    placing = 0;
    if (!widget.touch || widget.busy) return;
    touchRange = widget.selected();
    if (!touchRange) {
      if (touchButton) touchButton.hidden = true;
      return;
    }
    if (!touchButton) {
      touchButton = styledRoot().appendChild(document.createElement("button"));
      touchButton.className = "touch";
      touchButton.type = "button";
      // Pressing the button must not clear the page's selection.
      touchButton.onpointerdown = touchButton.onmousedown = (event) => event.preventDefault();
      touchButton.onclick = () => {
        const payload = touchRange && passageOf(touchRange);
        if (payload) openDialog(styledRoot(), widget.uiLanguage(touchRange.commonAncestorContainer.parentElement), payload);
      };
    }
    const ui = widget.uiLanguage(touchRange.commonAncestorContainer.parentElement);
    touchButton.textContent = TEXTS[ui].title;
    touchButton.lang = ui;
    touchButton.hidden = false;
    const rects = touchRange.getClientRects();
    const rect = rects[rects.length - 1] || touchRange.getBoundingClientRect();
    const width = touchButton.offsetWidth;
    // Clear of the selection handles, inside the viewport.
    touchButton.style.top = `${Math.max(8, Math.min(rect.bottom + 28, innerHeight - 60))}px`;
    touchButton.style.left = `${Math.max(8, Math.min(rect.left + rect.width / 2 - width / 2, innerWidth - width - 8))}px`;
  }
  const schedulePlacing = () => placing || (placing = requestAnimationFrame(placeTouchButton));
  document.addEventListener("selectionchange", schedulePlacing);
  addEventListener("scroll", () => touchButton?.hidden === false && schedulePlacing(), { passive: true });
  addEventListener("resize", schedulePlacing);
  schedulePlacing();

  addEventListener("online", flushQueue);
  // Loaded for the queue, or for a reader who may have queued reports; nothing to send
  // (or an unreadable queue) leaves no key behind to load this file again.
  if (readQueue().length) flushQueue();
  else writeQueue([]);

  // What the reader asked for while this file loaded.
  if (widget.request) widget.open(widget.request);
})();
