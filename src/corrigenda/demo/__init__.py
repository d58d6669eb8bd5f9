"""The demo: a site, an editor and a small news site whose article embeds the widget."""

import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from string import Template

from django.contrib.auth import get_user_model
from django.db import transaction

from corrigenda.reports.models import Membership, Site
from corrigenda.reports.services import add_member, create_site

DEMO_SITE_NAME = "The Riverside Courier (demo)"
DEMO_EDITOR = "editor"


def setup_demo(*, desk_url: str, news_url: str, password: str) -> Site:
    """Create the demo site and editor once; later runs reuse them and reset the password."""
    with transaction.atomic():
        site = Site.objects.filter(name=DEMO_SITE_NAME).first()
        if site is None:
            site = create_site(
                DEMO_SITE_NAME, allowed_origins=[news_url], article_selector="article .body"
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
    return site


def demo_article_html(*, desk_url: str, news_url: str, site_key: str) -> str:
    template = Template(files("corrigenda.demo").joinpath("article.html").read_text("utf-8"))
    return template.substitute(desk_url=desk_url, news_url=news_url, site_key=site_key)


def news_site_csp(desk_url: str) -> str:
    """A strict Content-Security-Policy a news site may send, allowing what the widget needs
    (the README's "Embedding the widget"): the desk's scripts and API, nothing inline."""
    return (
        f"default-src 'self'; script-src 'self' {desk_url}; connect-src 'self' {desk_url}; "
        "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


def start_news_site(
    host: str, port: int, *, desk_url: str, news_url: str, site_key: str
) -> ThreadingHTTPServer:
    """Serve the demo article on its own origin (`news_url`), with a strict
    Content-Security-Policy, in a background thread; its canonical address is on that
    origin, so the desk fetches it as it fetches a real site's."""
    demo = files("corrigenda.demo")
    pages = {
        path: (
            demo_article_html(desk_url=desk_url, news_url=news_url, site_key=site_key),
            "text/html",
        )
        for path in ("/", "/bridge-reopens")
    }
    pages["/courier.css"] = (demo.joinpath("courier.css").read_text("utf-8"), "text/css")
    policy = news_site_csp(desk_url)

    class NewsSite(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] not in pages:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            text, media_type = pages[self.path.split("?")[0]]
            body = text.encode("utf-8")
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", f"{media_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:
            pass

    server = ThreadingHTTPServer((host, port), NewsSite)
    threading.Thread(target=server.serve_forever, daemon=True, name="demo-news-site").start()
    return server
