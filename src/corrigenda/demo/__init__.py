"""The demo: a site, an editor, and a small news site whose article embeds the widget.

The news site stands for a newsroom's own: its article page, under a strict
Content-Security-Policy, and a small CMS whose edits (`POST /newsroom/article`) change the
page and push its text to the desk through the publisher API, as a real CMS integration
would. Readers' reports never change the article; only the newsroom does. When the desk
publishes a correction, its webhook tells the demo CMS, which fixes the article's words
(what it said becomes what is right) and pushes the new text, so the note never sits
under the uncorrected sentence.
"""

import hmac
import json
import re
import threading
import urllib.request
from dataclasses import dataclass, field
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from string import Template

from django.contrib.auth import get_user_model
from django.db import transaction

from corrigenda.extraction import ExtractedArticle, article_from_page
from corrigenda.notify.models import Webhook
from corrigenda.notify.services import add_webhook, deactivate_webhook
from corrigenda.notify.webhooks import SIGNATURE_HEADER, signature
from corrigenda.reports.models import ApiToken, Membership, Site
from corrigenda.reports.services import (
    add_member,
    create_api_token,
    create_site,
    receive_article_revision,
    revoke_api_token,
)

DEMO_SITE_NAME = "The Riverside Courier (demo)"
DEMO_EDITOR = "editor"
DEMO_CONTAINER = "article .body"
DEMO_CMS_TOKEN_NAME = "Demo news site CMS"
ARTICLE_PATH = "/bridge-reopens"
# Where the desk's correction.published webhook reaches the demo CMS.
CORRECTIONS_HOOK_PATH = "/newsroom/corrections"
_BODY = re.compile(r'(<div class="body">)(.*?)(\n  </div>)', re.S)


def setup_demo(*, desk_url: str, news_url: str, password: str) -> "DemoNewsroom":
    """Create the demo site and editor once (later runs reuse them and reset the
    password), give the demo CMS a new API token, and publish the article's first text."""
    with transaction.atomic():
        site = Site.objects.filter(name=DEMO_SITE_NAME).first()
        if site is None:
            site = create_site(
                DEMO_SITE_NAME, allowed_origins=[news_url], article_selector=DEMO_CONTAINER
            )
            # The demo article shows its published corrections through the widget.
            site.show_corrections_in_widget = True
            site.save(update_fields=["show_corrections_in_widget"])
        elif news_url not in site.allowed_origins:
            site.allowed_origins = [*site.allowed_origins, news_url]
            site.save(update_fields=["allowed_origins"])
        user, _ = get_user_model().objects.get_or_create(username=DEMO_EDITOR)
        user.set_password(password)
        user.save()
        if not Membership.objects.filter(site=site, user=user).exists():
            add_member(site, user, Membership.Role.ADMIN)
        for old in ApiToken.objects.filter(site=site, name=DEMO_CMS_TOKEN_NAME, revoked=None):
            revoke_api_token(old, by=None)
        _, token = create_api_token(site, DEMO_CMS_TOKEN_NAME, by=None)
        hook = _corrections_hook(site, news_url + CORRECTIONS_HOOK_PATH)
    newsroom = DemoNewsroom(
        desk_url=desk_url,
        news_url=news_url,
        site_key=site.key,
        token=token,
        hook_secret=hook.secret,
    )
    # The desk is not serving yet: the first text goes through the service the API calls.
    receive_article_revision(site, **newsroom.article_fields())
    return newsroom


def _corrections_hook(site: Site, url: str) -> Webhook:
    """The demo CMS's webhook for published corrections (one, at this run's address)."""
    hooks = Webhook.objects.filter(site=site, active=True)
    for old in hooks.filter(url__endswith=CORRECTIONS_HOOK_PATH).exclude(url=url):
        deactivate_webhook(old, by=None)
    return hooks.filter(url=url).first() or add_webhook(
        site, url, [Webhook.Event.CORRECTION_PUBLISHED], by=None
    )


@dataclass
class DemoNewsroom:
    """The demo news site's article page and its CMS."""

    desk_url: str
    news_url: str
    site_key: str
    token: str = field(repr=False)
    hook_secret: str = field(default="", repr=False)
    page: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.page = self.first_page()

    def first_page(self) -> str:
        template = Template(files("corrigenda.demo").joinpath("article.html").read_text("utf-8"))
        return template.substitute(
            desk_url=self.desk_url, news_url=self.news_url, site_key=self.site_key
        )

    @property
    def article_url(self) -> str:
        return self.news_url + ARTICLE_PATH

    def article(self) -> ExtractedArticle:
        """The article as the desk reads the page: the container's text and metadata."""
        return article_from_page(
            self.page.encode(), "utf-8", self.article_url, container_selectors=(DEMO_CONTAINER,)
        )

    def article_fields(self) -> dict[str, str]:
        article = self.article()
        return {
            "canonical_url": self.article_url,
            "title": article.title or "",
            "text": article.text,
            "section": article.section or "",
            "author": article.author or "",
        }

    def edit(
        self,
        *,
        replace: tuple[str, str] | None = None,
        add_paragraph: str = "",
        restore: bool = False,
    ) -> int:
        """Change the article as an editor does in the CMS (or `restore` its first text),
        then push it to the desk; the desk's HTTP status."""
        with self.lock:
            if restore:
                self.page = self.first_page()
            body = _BODY.search(self.page)
            if body is None:
                raise ValueError("the demo article has no body")
            text = body.group(2)
            if replace is not None:
                old, new = (escape(part, quote=False) for part in replace)
                if old not in text:
                    raise ValueError(f"the article does not say {replace[0]!r}")
                text = text.replace(old, new, 1)
            if add_paragraph:
                text += f"\n    <p>{escape(add_paragraph, quote=False)}</p>"
            self.page = self.page[: body.start(2)] + text + self.page[body.end(2) :]
        return self.push()

    def correction_published(self, body: bytes, signed: str) -> int:
        """The desk's webhook: a correction was published. Fix the article's words as the
        note says (its "said" becomes its "correct"), then push the text; the desk's
        HTTP status, or 0 when the note names no words to change."""
        if not self.hook_secret or not hmac.compare_digest(
            signature(self.hook_secret, body), signed
        ):
            raise PermissionError("not signed by the desk")
        payload = json.loads(body)
        correction = payload.get("correction") or {}
        said, correct = correction.get("said", ""), correction.get("correct", "")
        if payload.get("event") != "correction.published" or not said or not correct:
            return 0
        return self.edit(replace=(said, correct))

    def push(self) -> int:
        request = urllib.request.Request(
            f"{self.desk_url}/api/v1/sites/{self.site_key}/articles",
            data=json.dumps(self.article_fields()).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status


def news_site_csp(desk_url: str) -> str:
    """A strict Content-Security-Policy a news site may send, allowing what the widget needs
    (the README's "Embedding the widget"): the desk's scripts and API, nothing inline."""
    return (
        f"default-src 'self'; script-src 'self' {desk_url}; connect-src 'self' {desk_url}; "
        "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


def start_news_site(host: str, port: int, newsroom: DemoNewsroom) -> ThreadingHTTPServer:
    """Serve the demo article on its own origin, with a strict Content-Security-Policy, in
    a background thread; its canonical address is on that origin, so the desk fetches it
    as it fetches a real site's. `POST /newsroom/article` with {"replace": [old, new]} or
    {"add_paragraph": text} edits it, {"restore": true} brings its first text back (the
    demo's CMS; the browser tests use it too)."""
    stylesheet = files("corrigenda.demo").joinpath("courier.css").read_text("utf-8")
    policy = news_site_csp(newsroom.desk_url)

    class NewsSite(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            if path in ("/", ARTICLE_PATH):
                text, media_type = newsroom.page, "text/html"
            elif path == "/courier.css":
                text, media_type = stylesheet, "text/css"
            else:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            body = text.encode("utf-8")
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", f"{media_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            if self.path == CORRECTIONS_HOOK_PATH:
                self.correction_published()
                return
            if self.path != "/newsroom/article":
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            try:
                edit = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                replace = edit.get("replace")
                status = newsroom.edit(
                    replace=tuple(replace) if replace else None,
                    add_paragraph=edit.get("add_paragraph", ""),
                    restore=bool(edit.get("restore")),
                )
            except (ValueError, TypeError, OSError) as error:
                self.send_error(HTTPStatus.BAD_REQUEST, str(error))
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps({"desk": status}).encode())

        def correction_published(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            try:
                status = newsroom.correction_published(body, self.headers.get(SIGNATURE_HEADER, ""))
            except PermissionError as error:
                self.send_error(HTTPStatus.FORBIDDEN, str(error))
                return
            except (ValueError, TypeError, OSError) as error:
                self.send_error(HTTPStatus.BAD_REQUEST, str(error))
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps({"desk": status}).encode())

        def log_message(self, format: str, *args) -> None:
            pass

    server = ThreadingHTTPServer((host, port), NewsSite)
    threading.Thread(target=server.serve_forever, daemon=True, name="demo-news-site").start()
    return server
