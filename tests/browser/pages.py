"""What the browser tests do on the demo article and in the desk, in the reader's and
the editor's words."""

import json
import re
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from playwright.sync_api import Locator, Page, Response, expect

ARTICLE_CONTAINER = "article .body"
REPORTS_URL = "**/api/v1/sites/*/reports"
THANK_YOU = "Thank you! The editors will look at it."

# Selects from the first occurrence of `fromText` to the end of the next `toText` in
# the article container; each must lie inside one text node. Returns what the
# browser itself calls the selected text.
SELECT_PASSAGE_JS = """
([container, fromText, toText]) => {
  const root = document.querySelector(container);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let start = null, end = null;
  for (let node = walker.nextNode(); node && !end; node = walker.nextNode()) {
    if (!start && node.data.includes(fromText)) {
      start = { node, offset: node.data.indexOf(fromText) };
    }
    if (start) {
      const from = node === start.node ? start.offset : 0;
      const at = node.data.indexOf(toText, from);
      if (at >= 0) end = { node, offset: at + toText.length };
    }
  }
  if (!start || !end) throw new Error(`no passage from ${fromText} to ${toText}`);
  const range = document.createRange();
  range.setStart(start.node, start.offset);
  range.setEnd(end.node, end.offset);
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return selection.toString();
}
"""

# The element that really has focus, looking inside (open) shadow roots.
FOCUSED_JS = """
() => {
  let element = document.activeElement;
  while (element && element.shadowRoot && element.shadowRoot.activeElement) {
    element = element.shadowRoot.activeElement;
  }
  if (!element) return null;
  return {
    tag: element.tagName.toLowerCase(),
    text: (element.getAttribute("aria-label") || element.textContent || "").trim().slice(0, 40),
    name: element.getAttribute("name") || element.id || "",
    inShadowRoot: element.getRootNode() !== document,
    hasShadowRoot: Boolean(element.shadowRoot),
    inDialog: Boolean(element.closest('dialog, [role="dialog"]')),
  };
}
"""


@dataclass(frozen=True)
class QueuedIssue:
    position: int
    quote: str
    readers: str


class Newsroom:
    """The demo news site's CMS: an edit changes the article's page and reaches the desk
    through the publisher API, as a newsroom's own edits do."""

    def __init__(self, news_url: str) -> None:
        self.url = news_url + "/newsroom/article"

    def edit(self, **change) -> None:
        request = urllib.request.Request(
            self.url,
            data=json.dumps(change).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=20) as response:
            assert json.load(response)["desk"] in (200, 201)


class ArticlePage:
    """The demo news article, with the widget embedded."""

    def __init__(self, page: Page, news_url: str) -> None:
        self.page = page
        self.url = news_url + "/"

    def open(self) -> "ArticlePage":
        self.page.goto(self.url)
        expect(self.page.locator(ARTICLE_CONTAINER)).to_be_visible()
        return self

    def select(self, from_text: str, to_text: str | None = None) -> str:
        """Select a passage the way a reader would with the mouse; returns its text."""
        return self.page.evaluate(
            SELECT_PASSAGE_JS, [ARTICLE_CONTAINER, from_text, to_text or from_text]
        )

    def add_paragraph(self, text: str) -> None:
        self.page.evaluate(
            """([container, text]) => {
                const paragraph = document.createElement("p");
                paragraph.textContent = text;
                document.querySelector(container).append(paragraph);
            }""",
            [ARTICLE_CONTAINER, text],
        )

    @property
    def dialog(self) -> Locator:
        return self.page.get_by_role("dialog", name="Suggest a correction")

    def open_dialog_with_keyboard(self) -> Locator:
        self.page.keyboard.press("Control+Enter")
        expect(self.dialog).to_be_visible()
        return self.dialog

    def fill_report(
        self, *, kind: str, suggestion: str = "", comment: str = "", email: str = ""
    ) -> None:
        dialog = self.dialog
        dialog.get_by_label("Kind of problem").select_option(label=kind)
        dialog.get_by_label("What should it say? (optional)").fill(suggestion)
        dialog.get_by_label("Comment (optional)").fill(comment)
        dialog.get_by_label("Your email, if you want to hear back (optional)").fill(email)

    def send(self, *, tap: bool = False) -> Response:
        """Press Send and return the server's answer to the report."""
        button = self.dialog.get_by_role("button", name="Send")
        with self.page.expect_response(is_report_post) as answer:
            button.tap() if tap else button.click()
        return answer.value

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED_JS)


def is_report_post(response: Response) -> bool:
    return response.request.method == "POST" and bool(
        re.search(r"/api/v1/sites/[^/]+/reports$", response.url)
    )


class Desk:
    """The editors' desk, logged in as the demo editor."""

    def __init__(self, page: Page, desk_url: str, password: str) -> None:
        self.page = page
        self.url = desk_url
        self.password = password
        self.logged_in = False

    def log_in(self) -> None:
        self.page.goto(self.url + "/desk/login/")
        self.page.get_by_label("Username").fill("editor")
        self.page.get_by_label("Password").fill(self.password)
        self.page.get_by_role("button", name="Log in").click()
        expect(self.page).to_have_url(re.compile(r"/desk/$"))
        self.logged_in = True

    def issues_quoting(self, quote: str, status: str = "new") -> list[QueuedIssue]:
        """The issues in the queue whose quote is exactly `quote`."""
        if not self.logged_in:
            self.log_in()
        self.page.goto(f"{self.url}/desk/?{urlencode({'q': quote, 'status': status})}")
        expect(self.page.get_by_role("heading", name="Triage queue")).to_be_visible()
        rows = self.page.locator("li.issue").evaluate_all(
            """items => items.map((item, position) => ({
                position,
                quote: item.querySelector("q.quote").textContent,
                readers: item.querySelector(".count").textContent.trim(),
            }))"""
        )
        return [QueuedIssue(**row) for row in rows if row["quote"] == quote]

    def open_issue(self, quote: str) -> Page:
        """Find the one new issue quoting `quote` in the queue and open it."""
        issues = self.issues_quoting(quote)
        assert len(issues) == 1, f"expected one new issue quoting {quote!r}, found {issues}"
        self.page.locator("li.issue").nth(issues[0].position).locator("a.open").click()
        # Waits for the load event too, so the keyboard shortcuts are ready.
        self.page.wait_for_url(re.compile(r"/desk/issues/\d+/$"))
        expect(self.page.locator("#issue-status")).to_have_text("New")
        return self.page

    @property
    def highlighted_quote(self) -> Locator:
        return self.page.locator("blockquote.passage mark.quote")

    @property
    def status(self) -> Locator:
        return self.page.locator("#issue-status")


def withdraw(page: Page, correction_url: str) -> None:
    """Other tests start from an article with no public correction."""
    page.goto(correction_url)
    page.get_by_label("Why it is withdrawn").fill("Test over.")
    page.get_by_label("Take this note off the public corrections log").check()
    page.get_by_role("button", name="Withdraw the note").click()
    expect(page.get_by_text("The note is withdrawn")).to_be_visible()
