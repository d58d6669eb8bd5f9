"""Strict Content-Security-Policies, on both sides: the widget works on a news page that
sends one (the demo article does, as the README tells news sites), and the desk's and the
public pages, which send the desk's own, break none of it while an editor works."""

import re
import threading
import urllib.request
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .pages import THANK_YOU, ArticlePage

# Every violation a page reports: its own securitypolicyviolation events, kept in the page
# (window.__cspViolations) and handed to the test (reportCspViolation) across navigations.
WATCH_CSP_JS = """
window.__cspViolations = [];
addEventListener("securitypolicyviolation", (event) => {
  const violation = `${document.URL}: ${event.effectiveDirective} blocked `
    + `${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`;
  window.__cspViolations.push(violation);
  window.reportCspViolation(violation);
}, true);
"""
NONCE = "cG9saWN5LXRlc3Qtbm9uY2U="
ADD_INLINE_STYLE_JS = """
() => document.head.append(Object.assign(document.createElement("style"), { textContent: "p{}" }))
"""


def watch_csp(context: BrowserContext) -> list[str]:
    """The CSP violations of the context's pages from now on, also as Chromium logs them."""
    violations: list[str] = []

    def violation(text: str) -> None:
        violations.append(text)

    context.expose_function("reportCspViolation", violation)
    context.add_init_script(WATCH_CSP_JS)

    def console(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"console: {message.text}")

    context.on("console", console)
    return violations


def assert_strict(policy: str) -> None:
    directives = dict((part.strip() + " ").split(" ", 1) for part in policy.split(";"))
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, policy
    assert directives["default-src"].strip() == "'self'", policy
    assert directives["style-src"].strip() == "'self'", policy


def report(article: ArticlePage, passage: str) -> None:
    assert article.select(passage) == passage
    dialog = article.open_dialog_with_keyboard()
    article.fill_report(kind="Typo", suggestion=passage.replace("three", "four"))
    assert article.send().status == 201
    expect(dialog.get_by_text(THANK_YOU)).to_be_visible()


def test_the_widget_works_on_a_news_page_with_a_strict_csp(article, desk, demo_server):
    passage = "Its three stone arches are listed"
    violations = watch_csp(article.page.context)
    note = "The bridge has three arches, not four."
    article.page.route(
        "**/api/v1/sites/*/articles/corrections?*",
        lambda route: route.fulfill(
            json={"corrections": [{"note": note, "published_at": "2026-11-20T10:00:00Z"}]},
            headers={"Access-Control-Allow-Origin": "*"},
        ),
    )

    page_answer = article.page.goto(article.url)
    policy = page_answer.headers["content-security-policy"]
    assert_strict(policy)
    assert f"script-src 'self' {demo_server.desk_url};" in policy
    assert f"connect-src 'self' {demo_server.desk_url};" in policy

    # The corrections box (data-corrections) is styled: constructed sheets are not inline.
    box = article.page.locator("corrigenda-corrections")
    expect(box).to_contain_text(note)
    assert box.evaluate("host => getComputedStyle(host).borderLeftWidth") == "4px"

    assert article.select(passage) == passage
    dialog = article.open_dialog_with_keyboard()
    assert dialog.evaluate("dialog => getComputedStyle(dialog).position") == "fixed"
    article.fill_report(kind="Typo", suggestion="Its four stone arches are listed")
    assert article.send().status == 201
    expect(dialog.get_by_text(THANK_YOU)).to_be_visible()

    assert [issue.readers for issue in desk.issues_quoting(passage)] == ["1 reader"]
    assert violations == []

    # The watch does see a violation when there is one.
    article.page.evaluate(ADD_INLINE_STYLE_JS)
    article.page.wait_for_function("() => window.__cspViolations.length > 0")
    assert any("style-src-elem blocked inline" in violation for violation in violations)


@pytest.fixture
def nonce_page_url(demo_server) -> Iterator[str]:
    """The demo article from a server of the test's own, under a nonce-based policy that
    names no host: only scripts carrying the page's nonce run."""
    with urllib.request.urlopen(demo_server.news_url + "/") as answer:
        html = answer.read().decode("utf-8")
    page = html.replace("<script src=", f'<script nonce="{NONCE}" src=').encode("utf-8")
    policy = (
        f"default-src 'self'; script-src 'nonce-{NONCE}'; connect-src {demo_server.desk_url}; "
        "style-src 'self'; object-src 'none'; base-uri 'none'"
    )

    class NoncePage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), NoncePage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_widget_passes_the_pages_nonce_to_the_dialog_file(page, nonce_page_url):
    violations = watch_csp(page.context)
    article = ArticlePage(page, nonce_page_url.rstrip("/"))
    article.open()
    article.select("Buses on routes 4 and 12")
    # The dialog is in corrigenda-dialog.js, which runs only with the nonce passed on.
    dialog = article.open_dialog_with_keyboard()
    assert dialog.evaluate("dialog => getComputedStyle(dialog).position") == "fixed"
    assert violations == []


def test_the_touch_button_is_styled_under_a_strict_csp(phone_page, demo_server):
    violations = watch_csp(phone_page.context)
    article = ArticlePage(phone_page, demo_server.news_url).open()
    heading = phone_page.get_by_role("heading", level=1).bounding_box()
    phone_page.touchscreen.tap(heading["x"] + 10, heading["y"] + 10)
    article.select("Buses on routes 4 and 12")

    button = phone_page.get_by_role("button", name="Suggest a correction")
    expect(button).to_be_visible()
    assert button.evaluate("button => getComputedStyle(button).position") == "fixed"
    button.tap()
    expect(article.dialog).to_be_visible()
    assert violations == []


def test_desk_and_public_pages_run_without_csp_violations(article, desk, demo_server):
    passage = "The temporary footbridge downstream"
    article.open()
    report(article, passage)

    page: Page = desk.page
    violations = watch_csp(page.context)
    login = page.goto(demo_server.desk_url + "/desk/login/")
    assert_strict(login.headers["content-security-policy"])
    desk.log_in()

    # The queue and its keys: ? help, Escape, j to select, o to open.
    desk.issues_quoting(passage)
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()
    page.keyboard.press("j")
    expect(page.locator("li.issue").first).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("o")
    page.wait_for_url(re.compile(r"/desk/issues/\d+/$"))

    # The issue page: accept with a, then c writes a correction, which is published.
    expect(desk.highlighted_quote).to_have_text(passage)
    page.keyboard.press("a")
    expect(desk.status).to_have_text("Accepted")
    page.reload()
    page.keyboard.press("c")
    page.get_by_label("The note readers see").fill("The footbridge goes in January.")
    page.get_by_role("button", name="Publish…").click()
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator("#correction-state")).to_have_text("Published")

    # The public log, styled from its file, and the plain form, which posts to the desk.
    site_key = article.page.locator("script[data-site]").get_attribute("data-site")
    log = page.goto(f"{demo_server.desk_url}/s/{site_key}/corrections/")
    assert_strict(log.headers["content-security-policy"])
    expect(page.locator("article.correction").first).to_contain_text("goes in January")
    assert page.evaluate("() => getComputedStyle(document.body).maxWidth") != "none"
    page.goto(f"{demo_server.desk_url}/s/{site_key}/suggest?url={article.url}")
    page.get_by_label("What is wrong?").fill("The byline misspells the author's name.")
    page.get_by_role("button", name="Send to the editors").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    missing = page.goto(f"{demo_server.desk_url}/s/no-such-site/corrections/")
    assert missing.status == 404
    assert page.evaluate("() => getComputedStyle(document.body).maxWidth") != "none"

    # The API's docs: django-ninja's Swagger UI, from the desk's own static files.
    page.goto(f"{demo_server.desk_url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info")).to_be_visible()

    assert violations == []
