"""What a reader's report carries (the article text, title, section, author) is a claim:
it places that reader's report and never becomes what the newsroom publishes. The
article's text and metadata come from the publisher API or from the server fetching the
article's own page, on one of the site's allowed origins."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django_tasks_db.models import DBTaskResult

from corrigenda.corrections.services import Wording, draft_correction, publish_correction
from corrigenda.reports import services
from corrigenda.reports.models import Article, Event, Issue, Report, Revision
from tests.factories import (
    ARTICLE_TEXT,
    articles_url,
    bearer,
    report_payload,
    reports_url,
    run_worker,
)

# Committed for real: what follows a commit (fetches, re-anchoring) runs as in production.
pytestmark = pytest.mark.django_db(transaction=True)

PATH = "/2024/bridge-reopens"
TITLE = "Bridge reopens"
FORGED_TITLE = "FORGED TITLE: read the real story at https://evil.test"
FORGED_TEXT = (
    "The bridge reopens on Monday after the the repairs.\n"
    "FORGED: the mayor resigned over the works, which cost 40 million euros.\n"
    "Traffic will return to normal by the end of the month."
)


def page(text: str = ARTICLE_TEXT, title: str = TITLE) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    return (
        f'<!doctype html><html lang="en"><head><meta property="og:title" content="{title}">'
        '<meta property="article:section" content="City"><meta name="author" content="Ann Lee">'
        f"<title>{title} | The Courier</title></head><body><nav>Home</nav>"
        f"<article>{paragraphs}</article><footer>Suggest a correction</footer></body></html>"
    ).encode()


class NewsSite:
    """The newsroom's own web server, on 127.0.0.1: pages by path, and what was asked."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {PATH: (200, {}, page())}
        self.requests: list[str] = []
        pages, requests = self.pages, self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                requests.append(self.path)
                status, headers, body = pages.get(self.path, (404, {}, b"not found"))
                self.send_response(status)
                for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str = PATH) -> str:
        return self.origin + path


@pytest.fixture
def news():
    server = NewsSite()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def courier(news):
    return services.create_site("Courier", allowed_origins=[news.origin])


def send(
    client, site, exact="the the", *, origin="site", text=ARTICLE_TEXT, address=None, **fields
):
    """POST a widget payload about the article at `PATH` on the site's origin."""
    url = site.allowed_origins[0] + PATH
    payload = report_payload(exact, text, url=url, canonical_url=url, **fields)
    headers = (
        {}
        if origin is None
        else {"Origin": site.allowed_origins[0] if origin == "site" else origin}
    )
    extra = {"REMOTE_ADDR": address} if address else {}
    return client.post(
        reports_url(site),
        json.dumps(payload),
        content_type="application/json",
        headers=headers,
        **extra,
    )


def push(client, site, token, text=ARTICLE_TEXT):
    body = {"canonical_url": site.allowed_origins[0] + PATH, "title": TITLE, "text": text}
    return client.post(
        articles_url(site), body, content_type="application/json", headers=bearer(token)
    )


def test_a_forged_report_changes_nothing_the_newsroom_publishes(client, news, courier, editor):
    token = services.create_api_token(courier, "CMS", by=None)[1]
    assert push(client, courier, token).status_code == 201
    typo = Report.objects.get(public_id=send(client, courier, "the the").json()["id"]).issue
    cost = Report.objects.get(public_id=send(client, courier, "4 million euros").json()["id"]).issue
    for issue in (typo, cost):
        services.change_status(issue, Issue.Status.ACCEPTED, by=editor)
    note = Wording(kind="correction", note="The works cost 4.5 million euros.")
    publish_correction(draft_correction([cost], note, by=editor), by=editor)
    current = Article.objects.get().latest_revision

    forged = {"text": FORGED_TEXT, "title": FORGED_TITLE, "section": "Forged", "author": "Evil"}
    # From outside a browser: no Origin at all, then the site's own origin, forged.
    assert send(client, courier, "the the", origin=None, **forged).status_code == 201
    assert send(client, courier, "40 million euros", **forged).status_code == 201
    run_worker()

    article = Article.objects.get()
    assert article.latest_revision == current
    assert (article.title, article.section, article.author) == (TITLE, "", "")
    for issue in (typo, cost):
        issue.refresh_from_db()
        assert (issue.revision, issue.anchor_state) == (current, Issue.AnchorState.ANCHORED)
    assert not Event.objects.filter(action="issue.reanchored").exists()

    url = article.canonical_url
    surfaces = {
        "log": client.get(f"/s/{courier.key}/corrections/").text,
        "feed": client.get(f"/s/{courier.key}/corrections/feed.atom").text,
        "fragment": client.get(f"/s/{courier.key}/articles/corrections.html", {"url": url}).text,
        "json-ld": json.dumps(
            client.get(f"/api/v1/sites/{courier.key}/articles/corrections", {"url": url}).json()[
                "jsonld"
            ]
        ),
        "log json": client.get(f"/api/v1/sites/{courier.key}/corrections").text,
    }
    for name, shown in surfaces.items():
        assert TITLE in shown, name
        assert "FORGED" not in shown and "evil.test" not in shown, name


def test_until_an_article_has_a_confirmed_title_public_surfaces_show_its_address(
    client, courier, editor
):
    # The newsroom's page cannot be fetched (404): only readers' claims are known.
    report = Report.objects.get(
        public_id=send(client, courier, "4 million euros", title=FORGED_TITLE).json()["id"]
    )
    news_path = courier.allowed_origins[0] + PATH
    services.change_status(report.issue, Issue.Status.ACCEPTED, by=editor)
    note = Wording(kind="correction", note="The works cost 4.5 million euros.")
    publish_correction(draft_correction([report.issue], note, by=editor), by=editor)

    log = client.get(f"/s/{courier.key}/corrections/").text
    feed = client.get(f"/s/{courier.key}/corrections/feed.atom").text
    for shown in (log, feed):
        assert news_path in shown
        assert "FORGED" not in shown
    jsonld = client.get(
        f"/api/v1/sites/{courier.key}/articles/corrections", {"url": news_path}
    ).json()["jsonld"]
    assert "headline" not in jsonld


def test_the_page_the_server_fetches_confirms_the_readers_copy(client, news, courier):
    report = Report.objects.get(public_id=send(client, courier, "the the").json()["id"])
    copy = report.revision
    assert not copy.is_confirmed and Article.objects.get().latest_revision is None

    run_worker()

    assert news.requests == [PATH]
    article = Article.objects.get()
    assert (article.title, article.section, article.author) == (TITLE, "City", "Ann Lee")
    # The same text: the reader's copy is now the article's text, not a second row.
    assert list(Revision.objects.all()) == [copy]
    copy.refresh_from_db()
    assert copy.is_confirmed and copy.source == Revision.Source.FETCH
    assert article.latest_revision == copy
    assert Event.objects.filter(action="article.revision_confirmed").count() == 1


def test_a_readers_differing_copy_stays_unconfirmed_and_its_issue_moves_to_the_page(
    client, news, courier
):
    stale = "Breaking: the bridge may reopen.\n" + ARTICLE_TEXT
    report = Report.objects.get(
        public_id=send(client, courier, "4 million euros", text=stale).json()["id"]
    )
    run_worker()

    report.refresh_from_db()
    assert not report.revision.is_confirmed
    fetched = Article.objects.get().latest_revision
    assert fetched.text == ARTICLE_TEXT and fetched.source == Revision.Source.FETCH
    issue = report.issue
    issue.refresh_from_db()
    assert (issue.revision, issue.exact) == (fetched, "4 million euros")
    assert issue.anchor_state == Issue.AnchorState.MOVED
    # A later reader on the page as it is now joins that issue.
    again = Report.objects.get(public_id=send(client, courier, "4 million euros").json()["id"])
    assert again.issue == issue and again.revision == fetched


def test_a_report_on_a_text_the_server_has_lands_on_it_without_a_copy(client, courier):
    token = services.create_api_token(courier, "CMS", by=None)[1]
    push(client, courier, token)
    # The reader's page carries a line the article has not (a greeting, an ad).
    personal = "Welcome back, Ann!\n" + ARTICLE_TEXT
    report = Report.objects.get(
        public_id=send(client, courier, "4 million euros", text=personal).json()["id"]
    )
    current = Article.objects.get().latest_revision
    assert report.revision == current
    assert report.exact == "4 million euros"
    assert (report.start, report.end) == (
        ARTICLE_TEXT.index("4 million euros"),
        ARTICLE_TEXT.index("4 million euros") + len("4 million euros"),
    )
    assert Revision.objects.count() == 1


def test_one_fetch_per_article_however_many_readers_report(client, courier):
    for n in range(4):
        text = ARTICLE_TEXT + f"\nReader {n} saw this line."
        assert send(client, courier, "the the", text=text).status_code == 201
    queued = DBTaskResult.objects.filter(task_path="corrigenda.reports.tasks.fetch_article")
    assert queued.count() == 1


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ((302, {"Location": "https://evil.test/story"}, b""), "not an address this page may"),
        ((200, {}, b"<p>" + b"x" * (6 * 1024 * 1024) + b"</p>"), "larger than"),
        ((500, {}, b"boom"), "answered 500"),
    ],
    ids=["redirect-off-the-site", "too-large", "server-error"],
)
def test_a_page_that_cannot_be_fetched_changes_nothing_and_says_why(
    client, news, courier, answer, reason
):
    news.pages[PATH] = answer
    send(client, courier, "the the")
    run_worker()
    assert Article.objects.get().latest_revision is None
    assert Revision.objects.get().is_confirmed is False
    failed = Event.objects.get(action="article.fetch_failed")
    assert reason in failed.detail["reason"]


def test_an_address_off_the_sites_origins_is_refused(client, courier):
    payload = report_payload(url="https://evil.test/story", canonical_url="https://evil.test/story")
    response = client.post(
        reports_url(courier),
        json.dumps(payload),
        content_type="application/json",
        headers={"Origin": courier.allowed_origins[0]},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "url_not_on_site"
    assert not Article.objects.exists()


def test_readers_copies_are_capped_per_client_and_per_article(client, courier):
    # One client sending ten different texts keeps its three newest; all reports stay.
    for n in range(10):
        text = f"Version {n} of the story.\n" + ARTICLE_TEXT
        assert send(client, courier, "the the", text=text, address="203.0.113.7").status_code == 201
    assert Report.objects.count() == 10
    copies = Revision.objects.filter(current_since__isnull=True)
    assert copies.count() == services.READER_COPIES_PER_CLIENT
    assert all(report.exact == "the the" for report in Report.objects.all())

    # Many clients: the article keeps its five newest copies.
    for n in range(12):
        text = f"Client {n}'s copy.\n" + ARTICLE_TEXT
        assert (
            send(client, courier, "the the", text=text, address=f"198.51.100.{n}").status_code
            == 201
        )
    assert copies.count() == services.READER_COPIES_PER_ARTICLE
    assert Report.objects.count() == 22


def test_a_copy_dropped_by_another_process_is_kept_anew_for_the_next_report(client, courier):
    text = "A reader's own copy.\n" + ARTICLE_TEXT
    first = Report.objects.get(public_id=send(client, courier, "the the", text=text).json()["id"])
    assert send(client, courier, "the the", text=text).status_code == 201  # now in the cache
    # Another server process drops it past its caps; this one's cache still names it.
    Revision.objects.filter(pk=first.revision_id).delete()

    response = send(client, courier, "4 million euros", text=text)
    assert response.status_code == 201
    again = Report.objects.get(public_id=response.json()["id"])
    assert again.revision.text == text and not again.revision.is_confirmed


def test_readers_on_an_article_never_fetched_are_grouped(client, news, courier):
    news.pages.clear()  # the page cannot be fetched: only readers' copies are known
    first = Report.objects.get(public_id=send(client, courier, "4 million euros").json()["id"])
    second = Report.objects.get(
        public_id=send(client, courier, "4 million", address="198.51.100.9").json()["id"]
    )
    run_worker()
    assert second.issue == first.issue
    first.issue.refresh_from_db()
    assert first.issue.report_count == 2
    assert Article.objects.get().latest_revision is None
