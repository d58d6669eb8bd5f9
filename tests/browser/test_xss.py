"""The hostile corpus (tests/hostile/xss_corpus.py) in every field a reader, a CMS or an
editor fills in, on every surface that shows them, in Chromium with the Content-Security-
Policy bypassed (so escaping alone must hold): no payload runs, and none leaves markup that
would run (an inline event handler, a script URL) in the page.

Readers' reports go over HTTP (the API and the no-JS form), articles through the publisher
API; what editors write goes in through the services the desk's forms call, in the demo
server's own database (tests/hostile/seed.py)."""

import html
import json
import math
import re
import secrets
import threading
import time
import uuid
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode, urljoin

import httpx
import pytest
from playwright.sync_api import Page

from corrigenda.anchoring.text import normalize_article_text
from corrigenda.desk.views import ISSUES_PER_PAGE
from corrigenda.public.selectors import LOG_PAGE_SIZE
from tests.factories import report_payload
from tests.hostile.xss_corpus import PAYLOADS, one_line
from tests.processes import corrigenda, environment

# Counts what ran, and what markup a payload left that would run on a click or a hover.
# Walks open shadow roots too (the widget's corrections box lives in one).
SCAN_JS = """
() => {
  const found = [];
  const urlAttributes = ["href", "src", "action", "formaction", "data", "xlink:href", "srcdoc"];
  const walk = (root) => {
    for (const element of root.querySelectorAll("*")) {
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
        if (name.startsWith("on")) found.push(`${element.tagName} ${name}`);
        if (urlAttributes.includes(name) && /^(javascript|vbscript|data:text\\/html)/.test(value)) {
          found.push(`${element.tagName} ${name}=${value.slice(0, 40)}`);
        }
        if (name === "srcdoc") found.push(`${element.tagName} srcdoc`);
      }
      if (element.tagName === "SCRIPT" && /alert|__xss|pwned/.test(element.textContent)
          && !/^application\\/(ld\\+)?json$/.test(element.type)) {
        found.push(`SCRIPT ${element.textContent.slice(0, 40)}`);
      }
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  return {
    sentinel: window.__xss || 0,
    pwned: document.title.startsWith("pwned") ? 1 : 0,
    markup: found,
  };
}
"""


class Watch:
    """Executions (dialogs, the sentinel, a pwned title) and live markup, per surface."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.surfaces: dict[str, int] = {}
        self.executions: list[str] = []
        self.markup: list[str] = []
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{self.page.url}: {dialog.message}")
        dialog.dismiss()

    def check(self, surface: str) -> None:
        # Let timers, focus events and late loads (iframes, images) have their go.
        # (The scan below also finds handlers that had no chance to fire before it.)
        result = self.page.evaluate(SCAN_JS)
        self.surfaces[surface] = self.surfaces.get(surface, 0) + 1
        if result["sentinel"] or result["pwned"]:
            self.executions.append(f"{surface} {self.page.url}: {result}")
        self.markup += [f"{surface}: {item}" for item in result["markup"]]

    def visit(self, surface: str, url: str) -> None:
        answer = self.page.goto(url)
        assert answer is not None and answer.status == 200, f"{surface}: {url} answered {answer}"
        self.check(surface)

    def show(self, surface: str, markup: str) -> None:
        self.page.set_content(markup)
        self.check(surface)

    @property
    def execution_count(self) -> int:
        return len(self.dialogs) + len(self.executions)


@pytest.fixture
def hostile_news_site() -> Iterator[ThreadingHTTPServer]:
    """A news site of the test's own whose one page embeds the widget showing the batch
    article's corrections; its origin is the hostile site's allowed origin."""
    state: dict[str, str] = {"page": ""}

    class NewsSite(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body = state["page"].encode("utf-8")
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), NewsSite)
    server.state = state
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def widget_page(desk_url: str, site_key: str, article_url: str) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>All payloads</title><link rel="canonical" href="{html.escape(article_url)}"></head>
<body><article><h1>All payloads</h1><p>Every hostile string.</p></article>
<script src="{desk_url}/static/corrigenda/corrigenda.js" defer data-site="{site_key}"
 data-article="article" data-corrections></script></body></html>"""


def seed(demo_server, function: str, **arguments) -> dict:
    data_dir = demo_server.log_path.parent
    out = data_dir / f"hostile-{function}-{uuid.uuid4().hex[:8]}.json"
    call = ", ".join(f"{name}={value!r}" for name, value in {**arguments, "out": str(out)}.items())
    code = f"from tests.hostile.seed import {function}; {function}({call})"
    result = corrigenda(environment(data_dir), "manage", "shell", "-c", code, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(out.read_text())


BATCH_LEAD = "Every hostile string, one a paragraph."


def batch_text() -> str:
    return "\n".join([BATCH_LEAD, *PAYLOADS, "The end."])


def _occurrence_of_line(text: str, line: str) -> int:
    """Which occurrence of `line` (counting overlapping ones) is the one on a line of its own."""
    own_line = text.index("\n" + line + "\n") + 1
    occurrence, at = 0, text.index(line)
    while at != own_line:
        occurrence, at = occurrence + 1, text.index(line, at + 1)
    return occurrence


def send_readers_reports(client: httpx.Client, desk_url, origin, site_key, token) -> int:
    """Through the publisher API: an article per payload, whose title, section, author and
    text hold it, and the batch article holding them all. Through the reports API, on the
    batch article: a report quoting each payload, and a report per payload in the comment,
    the suggestion and the reader's claimed title, section and author, all on one passage
    (one issue, one page). Through the no-JS form: a report per payload, one article."""
    publisher = {"Authorization": f"Bearer {token}"}
    articles = [
        (f"{origin}/hostile/{number}", payload, f"Before it.\n{payload}\nAfter it.")
        for number, payload in enumerate(PAYLOADS)
    ]
    batch_url = f"{origin}/hostile/all"
    articles.append((batch_url, "All payloads", batch_text()))
    for url, title, text in articles:
        pushed = client.post(
            f"{desk_url}/api/v1/sites/{site_key}/articles",
            json={
                "canonical_url": url,
                "title": title[:500],
                "section": one_line(title, 200),
                "author": one_line(title, 200),
                "text": text,
            },
            headers=publisher,
        )
        assert pushed.status_code == 201, pushed.text

    stored = normalize_article_text(batch_text())
    reports = f"{desk_url}/api/v1/sites/{site_key}/reports"
    for number, payload in enumerate(PAYLOADS):
        exact = normalize_article_text(payload)[:2000]
        claims = {"url": batch_url, "canonical_url": batch_url, "kind": "other"}
        quoting = report_payload(
            exact, text=stored, occurrence=_occurrence_of_line(stored, exact), **claims
        )
        commenting = report_payload(
            BATCH_LEAD,
            text=stored,
            **claims,
            title=payload[:500],
            section=one_line(payload, 200),
            author=one_line(payload, 200),
            suggestion=payload[:2000],
            comment=payload[:4000],
            email=f"reader-{number}@example.org" if number < 3 else "",
        )
        for report in (quoting, commenting):
            answer = client.post(reports, json=report, headers={"Origin": origin})
            assert answer.status_code == 201, f"payload {number + 1}: {answer.text}"

        form_url = f"{desk_url}/s/{site_key}/suggest?{urlencode({'url': articles[0][0]})}"
        form = client.get(form_url)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
        sent = client.post(
            form_url,
            data={
                "csrfmiddlewaretoken": csrf,
                "url": articles[0][0],
                "kind": "other",
                "comment": payload[:4000],
                "suggestion": payload[:2000],
                "email": "",
                "website": "",
            },
            headers={"Referer": form_url},
        )
        assert sent.status_code == 200 and "Thank you" in sent.text, sent.text[-500:]
    # Reports API: quote, comment, suggestion, title, section, author; form: comment,
    # suggestion; publisher API: title, section, author, text.
    return 6 + 2 + 4


def feed_entries_html(feed: bytes) -> str:
    """The feed's entries' HTML content, as a feed reader that trusts it would show it."""
    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.fromstring(feed)
    parts = []
    for entry in root.iter(f"{atom}entry"):
        for element in (
            entry.find(f"{atom}title"),
            entry.find(f"{atom}content"),
            entry.find(f"{atom}summary"),
        ):
            if element is not None and element.text:
                parts.append(f"<section>{element.text}</section>")
    assert parts, "the feed has no entries"
    return "<!doctype html><title>feed reader</title>" + "".join(parts)


def test_no_hostile_string_runs_on_any_surface(browser, demo_server, hostile_news_site):
    desk_url = demo_server.desk_url
    origin = f"http://127.0.0.1:{hostile_news_site.server_port}"
    password = "xss-" + secrets.token_urlsafe(12)
    clock = [("start", time.monotonic())]
    prepared = seed(demo_server, "prepare", origin=origin, password=password)
    clock.append(("desk settings", time.monotonic()))
    site_key, token = prepared["site_key"], prepared["token"]
    # Desk: site names, style rules (pattern, replacement, explanation), accepted words,
    # API token names.
    fields = 1 + 3 + 1 + 1

    with httpx.Client(timeout=30, follow_redirects=True) as client:
        fields += send_readers_reports(client, desk_url, origin, site_key, token)
    emails_dir = demo_server.log_path.parent / f"hostile-emails-{uuid.uuid4().hex[:8]}"
    clock.append(("reports over HTTP", time.monotonic()))
    made = seed(
        demo_server, "desk_side", site_key=site_key, origin=origin, emails_dir=str(emails_dir)
    )
    # Desk comments; correction note, what it said, what is right.
    fields += 1 + 3
    hostile_news_site.state["page"] = widget_page(desk_url, site_key, made["batch_url"])

    context = browser.new_context(locale="en-GB", bypass_csp=True)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        watch = Watch(page)
        page.goto(desk_url + "/desk/login/")
        page.get_by_label("Username").fill("xss-editor")
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(r"/desk/$"))

        articles, corrections = made["articles"], made["corrections"]
        clock.append(("editors' writing", time.monotonic()))
        queue = f"{desk_url}/desk/?site={site_key}&status="
        # Every page of the queue, through its "Older" links (pages go by cursor).
        url = f"{queue}new"
        while url:
            watch.visit("queue", url)
            older = page.locator('nav.pages a[rel="next"]')
            url = urljoin(page.url, older.get_attribute("href")) if older.count() else None
        watch.visit("queue", f"{queue}published")
        for issue in made["batched_issues"] + made["reader_issues"][::20]:
            watch.visit("issue page", f"{desk_url}/desk/issues/{issue}/")
        for article in [made["batch_article"], *articles[::10]]:
            watch.visit("article page", f"{desk_url}/desk/articles/{article}/")
        for number in range(1, math.ceil(len(articles) / ISSUES_PER_PAGE) + 1):
            watch.visit("findings", f"{desk_url}/desk/findings/?site={site_key}&page={number}")
        watch.visit("corrections list", f"{desk_url}/desk/corrections/")
        watch.visit("site corrections list", f"{desk_url}/desk/corrections/sites/{site_key}/")
        for correction in corrections[::40]:
            watch.visit("correction detail", f"{desk_url}/desk/corrections/{correction}/")
            watch.visit("correction editor", f"{desk_url}/desk/corrections/{correction}/edit")
        watch.visit("site page", f"{desk_url}/desk/sites/{site_key}/")
        watch.visit("checks page", f"{desk_url}/desk/sites/{site_key}/checks")
        watch.visit("notifications overview", f"{desk_url}/desk/notifications/")
        watch.visit("notifications page", f"{desk_url}/desk/notifications/sites/{site_key}/")
        watch.visit("metrics", f"{desk_url}/desk/sites/{site_key}/metrics")
        watch.visit("reader data", f"{desk_url}/desk/readers/{site_key}/")

        log_pages = math.ceil(len(corrections) / LOG_PAGE_SIZE)
        for number in range(1, log_pages + 1):
            page.goto(f"{desk_url}/s/{site_key}/corrections/?page={number}")
            watch.check("public corrections log")
        feed_url = f"{desk_url}/s/{site_key}/corrections/feed.atom"
        watch.visit("Atom feed", feed_url)
        watch.show("Atom feed entries as HTML", feed_entries_html(httpx.get(feed_url).content))
        fragment = httpx.get(
            f"{desk_url}/s/{site_key}/articles/corrections.html",
            params={"url": made["batch_url"]},
        )
        assert fragment.status_code == 200
        watch.show(
            "article fragment in a page",
            f"<!doctype html><title>article</title><article>x</article>{fragment.text}",
        )
        page.goto(made["batch_url"])
        page.locator("corrigenda-corrections").wait_for()
        page.wait_for_function(
            "() => document.querySelector('corrigenda-corrections').shadowRoot"
            "?.textContent.includes('alert(1)')"
        )
        watch.check("widget corrections note")
        for name in made["emails"]:
            watch.show(f"email {name}", (emails_dir / name).read_text(encoding="utf-8"))

        clock.append(("surfaces", time.monotonic()))
        stages = ", ".join(
            f"{name} {end - begin:.0f}s"
            for (_, begin), (name, end) in zip(clock, clock[1:], strict=False)
        )
        surfaces = len(watch.surfaces)
        loads = sum(watch.surfaces.values())
        print(
            f"\nXSS: {len(PAYLOADS)} payloads × {fields} fields, {surfaces} surfaces visited "
            f"({loads} page loads), {watch.execution_count} executions\n({stages})"
        )
        assert watch.dialogs == []
        assert watch.executions == []
        assert watch.markup == []

        # The watch does see payloads run, and their markup, when a page shows them as HTML.
        watch.show("control", "<!doctype html><title>raw</title>" + "".join(PAYLOADS[:30]))
        page.wait_for_timeout(300)
        assert watch.dialogs and watch.markup
    finally:
        context.close()
