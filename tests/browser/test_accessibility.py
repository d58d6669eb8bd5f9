"""WCAG 2.2 A and AA: axe-core finds no violation on any page an editor or a reader uses,
on a desktop and on a phone, with content on every page (an issue with reports and
findings, a published correction, metrics), and on the widget's dialog over the demo
article. Two criteria axe-core does not check are checked too: on every page, what the
keyboard focuses (Tab through all of it) shows, not hidden behind something such as a sticky
bar (WCAG 2.4.11); on the phone, each page fits a 320px wide screen without sideways
scrolling (WCAG 1.4.10).

axe-core comes from npm (package.json; `scripts/bootstrap --test` installs it into
node_modules/). The table of pages checked ends the run's output (pytest_terminal_summary
in tests/conftest.py), so CI's log shows it.
"""

import re
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.conftest import needs

from .conftest import PHONE
from .pages import THANK_YOU, ArticlePage, Desk, withdraw

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass(frozen=True)
class Viewing:
    """A screen and a language every page is checked in."""

    name: str
    screen: dict
    language: str = "en"

    @property
    def locale(self) -> str:
        return {"en": "en-GB"}.get(self.language, self.language)


VIEWINGS = [
    Viewing("desktop 1280×800", {"viewport": {"width": 1280, "height": 800}}),
    Viewing("phone 390×844", PHONE),
    # German's long words are the likeliest to overflow a phone's width.
    Viewing("phone 390×844, de", PHONE, language="de"),
]
# The worker checks new revisions in the background; the longest we wait for its findings.
CHECKS_TIMEOUT = 15.0

# A paragraph of our own, so the issues, their findings and corrections are this test's.
PARAGRAPH = (
    "The contractor recieved the final payment for the footbridge in (March. "
    "The south ramp reopens on 3 May. Work on the north ramp starts in June."
)
PASSAGE = "the final payment for the footbridge"
# A second issue, whose correction stays a draft: its last look before publishing is checked.
DRAFT_PASSAGE = "The south ramp reopens on 3 May"
# A third, still new: its page offers the decisions (on a phone, in a bar at the foot).
NEW_PASSAGE = "Work on the north ramp starts in June"
# Two paragraphs: more than the dialog's quote box shows without scrolling.
LONG_PASSAGE = ("The works cost", "from the same quarry in Hollins Edge.")
NOTE = "The final payment for the footbridge was made in April, not March."

RUN_AXE_JS = """
async (tags) => {
  const results = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")),
  }));
}
"""

# The focused element, and whether any of five points inside it (its centre and corners) shows
# on screen, not hidden behind something else such as a sticky bar (WCAG 2.4.11).
FOCUSED_SHOWS_JS = """
() => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return null;
  window.focusedBefore ??= new WeakSet();
  if (window.focusedBefore.has(focused)) return null;
  window.focusedBefore.add(focused);
  const box = focused.getBoundingClientRect();
  const inset = Math.min(2, box.width / 2, box.height / 2);
  const points = [
    [box.left + box.width / 2, box.top + box.height / 2],
    [box.left + inset, box.top + inset], [box.right - inset, box.top + inset],
    [box.left + inset, box.bottom - inset], [box.right - inset, box.bottom - inset],
  ];
  const shows = points.some(([x, y]) => {
    const hit = document.elementFromPoint(x, y);
    return hit !== null && (focused.contains(hit) || hit.contains(focused));
  });
  const name = (focused.getAttribute("aria-label") || focused.textContent || focused.name || "")
    .trim().slice(0, 40);
  return { element: `${focused.localName} "${name}"`, shows };
}
"""
# The innermost elements that stick out past the right edge, when the page scrolls sideways.
WIDER_THAN_THE_SCREEN_JS = """
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const out = [...document.body.querySelectorAll("*")].filter(
    (element) => element.getBoundingClientRect().right > width + 1,
  );
  const innermost = out
    .filter((element) => !out.some((other) => other !== element && element.contains(other)))
    .slice(0, 5)
    .map((element) => `${element.localName}.${element.className} "${
      (element.textContent || "").trim().slice(0, 40)}"`);
  return innermost.length ? innermost : [`the page, ${document.documentElement.scrollWidth}px`];
}
"""
# Tab presses per page at most: all of a page this test fills, the start of a long queue.
MOST_TABS = 150


@dataclass
class Checked:
    page: str
    viewport: str
    violations: list[dict]
    # Checked on the phone: what sticks out of a 320px wide screen (WCAG 1.4.10).
    wider_than_320: list[str] | None = None
    # What the keyboard focused that could not be seen (WCAG 2.4.11).
    hidden_focus: list[str] | None = None


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.exists():
        needs([f"axe-core from npm in {AXE.parent} (scripts/bootstrap --test)"])
    return AXE


# Colours are judged as they end up: a dialog still fading in (0.15 s, longer on a busy
# machine) would show axe its half-transparent first frames.
ANIMATIONS_DONE_JS = """async () => {
  const roots = [document, ...[...document.querySelectorAll('*')]
    .filter((element) => element.shadowRoot).map((element) => element.shadowRoot)];
  await Promise.all(roots.flatMap((root) => root.getAnimations()).map((a) => a.finished));
}"""


def violations_on(page: Page, axe: Path) -> list[dict]:
    page.evaluate(ANIMATIONS_DONE_JS)
    page.add_script_tag(path=axe)
    return page.evaluate(RUN_AXE_JS, WCAG_22_AA)


def wider_than_320(page: Page) -> list[str]:
    """What makes the page, narrowed to 320 CSS pixels, scroll sideways (none: it fits)."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": size["height"]})
    wide = page.evaluate(WIDER_THAN_THE_SCREEN_JS)
    page.set_viewport_size(size)
    return wide


def hidden_focus(page: Page) -> list[str]:
    """Tab once through the page: what got the focus while hidden behind something."""
    hidden: list[str] = []
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_SHOWS_JS)
        if focused is None:  # past the last one, or back at one seen before
            break
        if not focused["shows"]:
            hidden.append(focused["element"])
    return hidden


def checked_on(
    page: Page, axe: Path, name: str, *, viewport: str, on_a_phone: bool, a_page: bool = True
) -> Checked:
    """axe-core's violations, and for a page the keyboard's focus; on a phone, the width."""
    return Checked(
        name,
        viewport,
        violations_on(page, axe),
        wider_than_320=wider_than_320(page) if a_page and on_a_phone else None,
        hidden_focus=hidden_focus(page) if a_page else None,
    )


def axe_context(new_context, viewing: Viewing) -> BrowserContext:
    # The desk and the demo news site forbid scripts they do not serve themselves (strict
    # CSP), which would refuse the injected axe-core too; bypass_csp lets the test's own
    # script in and changes nothing else the page does.
    return new_context(
        bypass_csp=True,
        # The desk speaks the browser's language to an editor who picked none.
        locale=viewing.locale,
        **viewing.screen,
    )


def report_on_the_article(article: ArticlePage, passage: str) -> None:
    article.open()
    assert article.select(passage) == passage
    dialog = article.open_dialog_with_keyboard()
    article.fill_report(
        kind="Factual error",
        suggestion=passage.replace("March", "April").replace("May", "June"),
        comment="The council's minutes say otherwise.",
    )
    assert article.send().status == 201
    expect(dialog.get_by_text(THANK_YOU)).to_be_visible()


def write_correction(desk: Desk, passage: str) -> Page:
    """Accept the issue quoting `passage` and open its new correction's editor."""
    issue_page = desk.open_issue(passage)
    issue_page.keyboard.press("a")
    expect(desk.status).to_have_text("Accepted")
    issue_page.reload()
    issue_page.keyboard.press("c")
    issue_page.wait_for_url(re.compile(r"/corrections/issues/\d+/new$"))
    issue_page.get_by_label("The note readers see").fill(NOTE)
    return issue_page


def wait_for_findings(page: Page) -> None:
    """Reload the issue page until the worker's findings on our paragraph show."""
    findings = page.locator(".findings-open li.finding").filter(has_text="recieved")
    deadline = time.monotonic() + CHECKS_TIMEOUT
    while findings.count() == 0:
        assert time.monotonic() < deadline, f"no findings after {CHECKS_TIMEOUT:.0f}s"
        page.wait_for_timeout(250)
        page.reload()


def prepare_content(new_context, demo_server, newsroom) -> dict[str, str]:
    """Issues with readers' reports and findings, a published correction and a draft; the
    addresses of the pages to check."""
    newsroom.edit(add_paragraph=PARAGRAPH)
    context = new_context(viewport={"width": 1280, "height": 800})
    article = ArticlePage(context.new_page(), demo_server.news_url)
    report_on_the_article(article, PASSAGE)
    report_on_the_article(article, DRAFT_PASSAGE)
    report_on_the_article(article, NEW_PASSAGE)
    site_key = article.page.locator("script[data-site]").get_attribute("data-site")

    desk = Desk(context.new_page(), demo_server.desk_url, demo_server.password)
    desk.log_in()
    new_issue_url = desk.open_issue(NEW_PASSAGE).url
    issue_page = desk.open_issue(PASSAGE)
    issue_url = issue_page.url
    wait_for_findings(issue_page)
    editor = write_correction(desk, PASSAGE)
    editor.get_by_role("button", name="Publish…").click()
    editor.get_by_role("button", name="Publish now").click()
    expect(editor.locator("#correction-state")).to_have_text("Published")
    correction_url = editor.url

    editor = write_correction(desk, DRAFT_PASSAGE)
    editor.get_by_role("button", name="Save draft").click()
    expect(editor.locator("#correction-state")).to_have_text("Draft")
    draft_url = editor.url

    editor.goto(demo_server.desk_url + "/desk/findings/")
    article_url = editor.locator("a.open").first.get_attribute("href")
    desk_url = demo_server.desk_url
    return {
        "log-in": f"{desk_url}/desk/login/",
        "queue": f"{desk_url}/desk/?status=",
        "new issue": new_issue_url,
        "corrected issue": issue_url,
        "article": desk_url + article_url,
        "findings": f"{desk_url}/desk/findings/",
        "corrections": f"{desk_url}/desk/corrections/",
        "correction": correction_url,
        # The published note's editor (amending it); a new one's is the same form.
        "correction editor": correction_url + "edit",
        "draft correction": draft_url,
        "last look before publishing": draft_url + "publish",
        "site settings": f"{desk_url}/desk/sites/{site_key}/",
        "automatic checks": f"{desk_url}/desk/sites/{site_key}/checks",
        "notifications": f"{desk_url}/desk/notifications/sites/{site_key}/",
        "metrics": f"{desk_url}/desk/sites/{site_key}/metrics",
        "public log": f"{desk_url}/s/{site_key}/corrections/",
        "no-JS report form": (
            f"{desk_url}/s/{site_key}/suggest?url={demo_server.news_url}/bridge-reopens"
        ),
    }


def log_in(page: Page, password: str) -> None:
    """Log in on the log-in page, in whichever language it speaks."""
    page.locator('input[name="username"]').fill("editor")
    page.locator('input[name="password"]').fill(password)
    page.locator('main button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/desk/$"))


def select_with_a_finger(page: Page, article: ArticlePage) -> None:
    heading = page.get_by_role("heading", level=1).bounding_box()
    page.touchscreen.tap(heading["x"] + 10, heading["y"] + 10)
    article.select(*LONG_PASSAGE)


def table(checked: list[Checked]) -> str:
    width = max(len(check.page) for check in checked)
    fits = {True: "yes", False: "NO", None: ""}
    lines = [f"{'page':<{width}}  {'viewport':<21}  violations  focus hidden  fits 320px"]
    lines += [
        f"{check.page:<{width}}  {check.viewport:<21}  {len(check.violations):<10}  "
        f"{'' if check.hidden_focus is None else len(check.hidden_focus):<12}  "
        f"{fits[None if check.wider_than_320 is None else not check.wider_than_320]}".rstrip()
        for check in checked
    ]
    total = sum(len(check.violations) for check in checked)
    lines.append(f"{len(checked)} pages checked (WCAG 2.2 A and AA), {total} violations")
    return "\n".join(lines)


def described(checked: list[Checked]) -> str:
    return "\n".join(
        f"{check.page} ({check.viewport}): {violation['id']} ({violation['impact']}): "
        f"{violation['help']}\n    " + "\n    ".join(violation["targets"])
        for check in checked
        for violation in check.violations
    )


def test_no_page_has_a_wcag_22_aa_violation(
    axe_script, new_context, demo_server, newsroom, record_property
):
    pages = prepare_content(new_context, demo_server, newsroom)
    try:
        check_every_page(pages, axe_script, new_context, demo_server, record_property)
    finally:
        desk = Desk(new_context().new_page(), demo_server.desk_url, demo_server.password)
        desk.log_in()
        withdraw(desk.page, pages["correction"])


def check_every_page(pages, axe_script, new_context, demo_server, record_property) -> None:
    checked: list[Checked] = []
    for viewing in VIEWINGS:
        viewport = viewing.name
        page = axe_context(new_context, viewing).new_page()
        on_a_phone = viewing.screen.get("is_mobile", False)
        check = partial(checked_on, page, axe_script, viewport=viewport, on_a_phone=on_a_phone)

        for name, url in pages.items():
            page.goto(url)
            assert page.url == url, f"{name}: {url} led to {page.url}"
            checked.append(check(name))
            if name == "log-in":
                log_in(page, demo_server.password)
                expect(page.locator("html")).to_have_attribute("lang", viewing.language)
            elif name == "correction editor":
                page.locator('button[value="preview"]').click()
                expect(page.locator(".correction-preview")).to_be_visible()
                checked.append(check("correction preview"))

        # The widget's states over the demo article (the news site's page, not ours).
        article = ArticlePage(page, demo_server.news_url).open()
        # The widget speaks the article's language.
        page.evaluate("(lang) => { document.documentElement.lang = lang; }", viewing.language)
        if on_a_phone:
            # On a touch screen the widget offers a button once words are selected.
            select_with_a_finger(page, article)
            touch_button = page.locator("corrigenda-widget button.touch")
            expect(touch_button).to_be_visible()
            checked.append(check("widget button", a_page=False))
            touch_button.tap()
        else:
            article.select(*LONG_PASSAGE)
            page.keyboard.press("Control+Enter")
        dialog = page.get_by_role("dialog")
        expect(dialog).to_be_visible()
        expect(dialog).to_have_attribute("lang", viewing.language)
        checked.append(check("widget dialog", a_page=False))
        # The dialog has colours of its own for readers whose system is set to dark.
        page.emulate_media(color_scheme="dark")
        checked.append(check("widget dialog, dark", a_page=False))

    summary = table(checked)
    record_property("accessibility", summary)
    assert all(not check.violations for check in checked), (
        f"axe-core found violations of WCAG 2.2 A/AA:\n{described(checked)}\n\n{summary}"
    )
    hidden = {
        f"{check.page} ({check.viewport})": check.hidden_focus
        for check in checked
        if check.hidden_focus
    }
    assert not hidden, f"the keyboard's focus went behind something (WCAG 2.4.11): {hidden}"
    too_wide = {
        f"{check.page} ({check.viewport})": check.wider_than_320
        for check in checked
        if check.wider_than_320
    }
    assert not too_wide, f"scrolls sideways on a 320px screen (WCAG 1.4.10): {too_wide}"
