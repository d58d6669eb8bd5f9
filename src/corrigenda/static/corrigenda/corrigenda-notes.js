/*
 * Corrigenda: "This article was corrected on …" and the article's published correction
 * notes, at the end of the article container.
 * Do not embed this file: corrigenda.js loads it at page load when its tag has
 * data-corrections, and talks to it through window.Corrigenda.
 */
(() => {
  "use strict";
  const widget = window.Corrigenda;
  const container = widget?.articles()[0];
  if (!container) return;

  const CORRECTED = {
    en: "This article was corrected on %.",
    // Their long dates end in "р." and "г." already.
    uk: "Цю статтю виправлено %",
    ru: "Эта статья исправлена %",
    de: "Dieser Artikel wurde am % korrigiert.",
    fr: "Cet article a été corrigé le %.",
  };

  async function showCorrections() {
    const url = document.querySelector("link[rel=canonical]")?.href || location.href;
    const path = `/api/v1/sites/${encodeURIComponent(widget.site)}/articles/corrections?url=`;
    try {
      const answer = await fetch(widget.server + path + encodeURIComponent(url), { credentials: "omit" });
      const { corrections } = await answer.json();
      if (!corrections?.length) return;
      const ui = widget.uiLanguage(container);
      const box = document.createElement("corrigenda-corrections");
      const notes = box.attachShadow({ mode: "open" });
      widget.addStyle(
        notes,
        `:host{display:block;margin:1.5em 0;padding:.6em 1em;border-left:4px solid #0b4fc4;background:#f3f6fb}
p{margin:.4em 0;white-space:pre-line}p:first-of-type{font-weight:600}`,
      );
      // Server text only ever goes in as text.
      const line = (text) => notes.appendChild(document.createElement("p")).append(text);
      // Dated by the server, as under the article's other notes, in the site's language.
      line(CORRECTED[ui].replace("%", corrections.at(-1).published_on));
      for (const correction of corrections) line(correction.note);
      box.setAttribute("role", "note");
      container.append(box);
    } catch {
      // No corrections shown is better than a broken page.
    }
  }
  showCorrections();
})();
