"""Browser tests: the real `corrigenda demo` process (gunicorn, worker, demo news site)
driven through Debian's Chromium with Playwright.

One server and one browser serve the whole package; every test gets fresh browser
contexts. When a test fails, screenshots of its pages, their console output and the
server's output during the test are saved in test-artifacts/.
"""

import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.processes import free_port_pair, running

from .pages import ArticlePage, Desk, Newsroom

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
BROWSER_DIR = Path(__file__).resolve().parent
phase_reports = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # tryfirst: the marker must be on before `-m "not browser"` deselects.
    for item in items:
        if item.path.is_relative_to(BROWSER_DIR):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    item.stash.setdefault(phase_reports, {})[report.when] = report
    return report


@dataclass
class DemoServer:
    desk_url: str
    news_url: str
    password: str
    log_path: Path

    def output(self, since: int = 0) -> str:
        with self.log_path.open("rb") as log:
            log.seek(since)
            return log.read().decode("utf-8", errors="replace")

    def output_size(self) -> int:
        return self.log_path.stat().st_size


@pytest.fixture(scope="package")
def chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"Chromium not installed: apt-get install chromium (looked for {CHROMIUM})"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="package")
def demo_server(chromium, tmp_path_factory) -> Iterator[DemoServer]:
    port = free_port_pair()
    data_dir = tmp_path_factory.mktemp("demo-data")
    log_path = data_dir / "server.log"
    password = "demo-" + secrets.token_urlsafe(12)
    env = {
        key: value
        for key, value in os.environ.items()
        # The demo keeps its own SQLite database and cache in its data dir.
        if key not in {"DATABASE_URL", "REDIS_URL", "CORRIGENDA_DATA_DIR"}
    }
    env.update(
        CORRIGENDA_REPORT_RATE_LIMIT="1000/h",
        CORRIGENDA_ARTICLE_REPORT_RATE_LIMIT="1000/h",
        CORRIGENDA_ACCESS_LOG="1",
        PYTHONUNBUFFERED="1",
    )
    args = ["demo", "--port", str(port), "--password", password, "--data-dir", str(data_dir)]
    server = DemoServer(
        desk_url=f"http://localhost:{port}",
        news_url=f"http://localhost:{port + 1}",
        password=password,
        log_path=log_path,
    )
    ready = (server.desk_url + "/desk/login/", server.news_url + "/")
    with running(args, env, log_path, ready_urls=ready):
        yield server


@pytest.fixture(scope="package")
def browser(chromium) -> Iterator[Browser]:
    # Package scope: Playwright's event loop stops before the database tests that follow,
    # which Django's async-safety check would otherwise refuse.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")


@pytest.fixture
def new_context(request, browser, demo_server) -> Iterator[Callable[..., BrowserContext]]:
    """Make browser contexts for this test; on failure, their pages are saved."""
    contexts: list[BrowserContext] = []
    console: list[str] = []
    server_output_from = demo_server.output_size()

    def record(page: Page) -> None:
        page.on("console", lambda m: console.append(f"{page.url} [{m.type}] {m.text}"))
        page.on("pageerror", lambda e: console.append(f"{page.url} [pageerror] {e}"))

    def make(**options) -> BrowserContext:
        context = browser.new_context(**{"locale": "en-GB", **options})
        context.set_default_timeout(10_000)
        context.on("page", record)
        contexts.append(context)
        return context

    yield make

    reports = request.node.stash.get(phase_reports, {})
    if any(report.failed for report in reports.values()):
        artifacts = request.config.rootpath / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        name = _artifact_name(request.node.nodeid)
        pages = [page for context in contexts for page in context.pages]
        for number, page in enumerate(pages, start=1):
            try:
                page.screenshot(path=artifacts / f"{name}-page{number}.png", full_page=True)
            except Exception as error:  # a crashed page must not hide the test's own failure
                console.append(f"screenshot of {page.url} failed: {error}")
        (artifacts / f"{name}-console.log").write_text("\n".join(console), encoding="utf-8")
        (artifacts / f"{name}-server.log").write_text(
            demo_server.output(server_output_from), encoding="utf-8"
        )
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    return new_context(viewport={"width": 1280, "height": 900}).new_page()


@pytest.fixture
def phone_page(new_context) -> Page:
    return new_context(**PHONE).new_page()


@pytest.fixture
def article(page, demo_server) -> ArticlePage:
    return ArticlePage(page, demo_server.news_url)


@pytest.fixture
def desk(new_context, demo_server) -> Desk:
    """The desk in its own browser context, as an editor on another computer would see it."""
    desk_page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    return Desk(desk_page, demo_server.desk_url, demo_server.password)


@pytest.fixture
def newsroom(demo_server) -> Iterator[Newsroom]:
    """The demo article's CMS; the article reads as at first again after the test."""
    cms = Newsroom(demo_server.news_url)
    yield cms
    cms.edit(restore=True)
