"""Screenshots of the desk for the README, from a fresh `corrigenda demo` run: readers
report passages of the demo article through the widget, then the editor's queue, one
issue page and the correction's confirmation step are captured on a desktop and a phone.

Run it with `scripts/screenshots`; it writes docs/screenshots/*.png.
"""

import os
import re
import secrets
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.processes import free_port_pair, running  # noqa: E402 (the checkout's tests/)

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
# (passage, kind, suggestion, comment): what the demo's readers flag.
REPORTS = [
    (
        "a first estimate of £24 million",
        "Factual error",
        "a first estimate of £34 million",
        "The council's 2023 budget papers say £34 million.",
    ),
    ("a first estimate of £24 million", "Factual error", "a first estimate of £34 million", ""),
    ("a first estimate of £24 million", "Typo", "a first estimate of £34m", "Surely 34?"),
    ("a year longer then planned", "Typo", "a year longer than planned", ""),
    ("by the the south ramp", "Typo", "by the south ramp", ""),
    ("last closed for major works in 1974", "Factual error", "", "I think it was 1976."),
    ("Buses on routes 4 and 12", "Needs clarification", "", "Which stops exactly?"),
]
DECIDED = "a first estimate of £24 million"


def report(page: Page, news_url: str, passage: str, kind: str, suggestion: str, comment: str):
    page.goto(news_url + "/")
    page.evaluate(
        """passage => {
            const root = document.querySelector("article .body");
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(passage);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + passage.length);
                getSelection().removeAllRanges();
                getSelection().addRange(range);
                return;
            }
            throw new Error("no passage " + passage);
        }""",
        passage,
    )
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Suggest a correction")
    dialog.get_by_label("Kind of problem").select_option(label=kind)
    dialog.get_by_label("What should it say? (optional)").fill(suggestion)
    dialog.get_by_label("Comment (optional)").fill(comment)
    dialog.get_by_role("button", name="Send").click()
    expect(dialog.get_by_text("Thank you!")).to_be_visible()


def log_in(page: Page, desk_url: str, password: str) -> None:
    page.goto(desk_url + "/desk/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/desk/$"))


def capture(browser: Browser, desk_url: str, password: str, pages: dict[str, str]) -> None:
    for size, viewport in SIZES.items():
        context = browser.new_context(
            viewport=viewport, locale="en-GB", device_scale_factor=1, is_mobile=size == "phone"
        )
        page = context.new_page()
        log_in(page, desk_url, password)
        for name, path in pages.items():
            page.goto(desk_url + path)
            page.wait_for_load_state("networkidle")
            target = OUT / f"{name}-{size}.png"
            page.screenshot(path=target)
            print(f"wrote {target.relative_to(ROOT)}")
        context.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port_pair()
    password = "shots-" + secrets.token_urlsafe(9)
    desk_url, news_url = f"http://localhost:{port}", f"http://localhost:{port + 1}"
    with tempfile.TemporaryDirectory(prefix="corrigenda-shots-") as data_dir:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env.update(CORRIGENDA_REPORT_RATE_LIMIT="1000/h", PYTHONUNBUFFERED="1")
        command = [
            "demo",
            "--port",
            str(port),
            "--password",
            password,
            "--data-dir",
            data_dir,
        ]
        ready = (desk_url + "/desk/login/", news_url + "/")
        with (
            running(command, env, Path(data_dir) / "demo.log", ready_urls=ready),
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            reader = browser.new_context(locale="en-GB").new_page()
            for passage, kind, suggestion, comment in REPORTS:
                report(reader, news_url, passage, kind, suggestion, comment)
            editor = browser.new_context(locale="en-GB").new_page()
            log_in(editor, desk_url, password)
            editor.locator("li.issue").filter(has_text=DECIDED).locator("a.open").click()
            editor.wait_for_url(re.compile(r"/desk/issues/\d+/$"))
            issue_path = editor.url.removeprefix(desk_url)
            # A second issue assigned, so the queue shows who has what.
            editor.goto(desk_url + "/desk/")
            other = editor.locator("li.issue").filter(has_text="1974")
            other.locator("a.open").click()
            editor.get_by_label("Assignee").select_option(label="editor")
            editor.get_by_role("button", name="Assign").click()
            capture(browser, desk_url, password, {"queue": "/desk/", "issue": issue_path})
            # The decided issue: accepted, its correction written, not yet published.
            editor.goto(desk_url + issue_path)
            editor.get_by_role("button", name="Accept").click()
            editor.get_by_role("link", name="Write the correction").click()
            editor.get_by_role("button", name="Publish…").click()
            editor.get_by_role("heading", name="Publish this correction?").wait_for()
            confirm_path = editor.url.removeprefix(desk_url)
            capture(browser, desk_url, password, {"confirm": confirm_path})
            browser.close()


if __name__ == "__main__":
    main()
