// Runs the re-anchoring corpus through two peers, for bench/anchoring.py.
//
//   node anchoring_peers.mjs INPUT.jsonl OUTPUT.jsonl
//
// It must sit in a folder where `npm install dom-anchor-text-quote approx-string-match
// jsdom` was run (bench/anchoring.py does that in a temporary folder). Each INPUT line
// is one new revision, {"new": text, "cases": [{exact, prefix, suffix, hint}]}, hint
// being the quote's start in the old revision; for each, OUTPUT gets one line listing
// per case [start, end, microseconds] for each peer, start and end null when it gives up.
// All offsets are UTF-16 code units, as in the browser.
//
// - dom-anchor-text-quote: the diff-match-patch search the Hypothesis client used
//   until 2020, on a jsdom element holding the new text, with the old start as hint.
// - approx-string-match: candidates with the fewest errors (at most quote length / 2,
//   256 at most), each scored as (50 quote + 20 prefix + 20 suffix + 2 position) / 92
//   the way the Hypothesis client's match-quote.ts documents it; the best score wins.

import { createReadStream, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import approxSearch from "approx-string-match";
import * as textQuote from "dom-anchor-text-quote";
import { JSDOM } from "jsdom";

const [input, output] = process.argv.slice(2);
const document = new JSDOM("").window.document;

function exactThenApproximate(text, pattern, maxErrors) {
  const found = [];
  for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) {
    found.push({ start: at, end: at + pattern.length, errors: 0 });
  }
  return found.length ? found : approxSearch(text, pattern, maxErrors);
}

function similarity(text, pattern) {
  if (!pattern.length || !text.length) return 0;
  const best = exactThenApproximate(text, pattern, pattern.length);
  return best.length ? 1 - best[0].errors / pattern.length : 0;
}

function hypothesisMatchQuote(text, { exact, prefix, suffix, hint }) {
  const candidates = exactThenApproximate(text, exact, Math.min(256, exact.length / 2));
  let best = null;
  for (const candidate of candidates) {
    const quoteScore = 1 - candidate.errors / exact.length;
    const prefixScore = prefix
      ? similarity(text.slice(Math.max(0, candidate.start - prefix.length), candidate.start), prefix)
      : 1;
    const suffixScore = suffix
      ? similarity(text.slice(candidate.end, candidate.end + suffix.length), suffix)
      : 1;
    const positionScore = 1 - Math.abs(candidate.start - hint) / text.length;
    const score = (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * positionScore) / 92;
    if (best === null || score > best.score) best = { ...candidate, score };
  }
  return best;
}

function domAnchorTextQuote(root, { exact, prefix, suffix, hint }) {
  try {
    return textQuote.toTextPosition(root, { exact, prefix, suffix }, { hint });
  } catch {
    return null;
  }
}

function timed(find) {
  const started = process.hrtime.bigint();
  const found = find();
  const micros = Number(process.hrtime.bigint() - started) / 1000;
  return found ? [found.start, found.end, micros] : [null, null, micros];
}

const lines = [];
for await (const line of createInterface({ input: createReadStream(input) })) {
  const record = JSON.parse(line);
  const root = document.createElement("div");
  root.textContent = record.new;
  const answers = record.cases.map((quote) => [
    timed(() => domAnchorTextQuote(root, quote)),
    timed(() => hypothesisMatchQuote(record.new, quote)),
  ]);
  lines.push(JSON.stringify(answers));
}
writeFileSync(output, lines.join("\n") + "\n");
