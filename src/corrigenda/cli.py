"""The `corrigenda` command: run the desk, its worker, and set up sites and people."""

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import click

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _django(data_dir: str | None = None) -> None:
    """Configure Django; the data directory must be known before settings load."""
    if data_dir:
        os.environ["CORRIGENDA_DATA_DIR"] = str(Path(data_dir).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corrigenda.settings")
    import django

    django.setup()


def _prepare_database_and_static(verbose: bool = False) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)
    call_command("collectstatic", interactive=False, verbosity=0)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="corrigenda")
def main() -> None:
    """Corrigenda: a self-hosted corrections desk for online newsrooms.

    Readers highlight a wrong passage and press Ctrl+Enter; editors triage the
    reports in the desk. Settings come from environment variables (see the README);
    data lives in CORRIGENDA_DATA_DIR (default ./var) unless DATABASE_URL names a
    PostgreSQL database.
    """


@main.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port to listen on."
)
@click.option(
    "--workers",
    type=int,
    default=lambda: int(os.environ.get("CORRIGENDA_WEB_CONCURRENCY", "2")),
    show_default="CORRIGENDA_WEB_CONCURRENCY or 2",
    help="Web server processes.",
)
@click.option(
    "--with-worker/--no-worker",
    default=True,
    show_default=True,
    help="Also run the background task worker (turn off when you run `corrigenda worker` apart).",
)
@click.option("--data-dir", type=click.Path(file_okay=False), help="Overrides CORRIGENDA_DATA_DIR.")
def serve(host: str, port: int, workers: int, with_worker: bool, data_dir: str | None) -> None:
    """Run the production web server (gunicorn) and, by default, the task worker.

    Applies pending database migrations and collects static files first, so a new
    version starts with one command.
    """
    _django(data_dir)
    _prepare_database_and_static()
    _serve(host, port, workers, with_worker)


def _serve(host: str, port: int, workers: int, with_worker: bool) -> None:
    worker = _start_worker() if with_worker else None
    try:
        _run_gunicorn(host, port, workers)
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()


def _start_worker() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "corrigenda.cli", "worker"], env=os.environ.copy()
    )


def _run_gunicorn(host: str, port: int, workers: int) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from corrigenda.wsgi import application

    # Workers are forked from this process and must not share its database connections.
    connections.close_all()

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            # Requests are CPU-bound Python: more threads per process only add GIL hand-offs,
            # which also stretch how long an SQLite transaction holds the write lock.
            self.cfg.set("threads", int(os.environ.get("CORRIGENDA_WEB_THREADS", "1")))
            self.cfg.set("accesslog", "-" if os.environ.get("CORRIGENDA_ACCESS_LOG") else None)
            self.cfg.set("errorlog", "-")
            self.cfg.set("graceful_timeout", 10)
            self.cfg.set("proc_name", "corrigenda")
            if "control_socket_disable" in self.cfg.settings:
                # One shared socket path per user would clash between several servers.
                self.cfg.set("control_socket_disable", True)

        def load(self):
            return application

    Server().run()


@main.command()
@click.option("--data-dir", type=click.Path(file_okay=False), help="Overrides CORRIGENDA_DATA_DIR.")
def worker(data_dir: str | None) -> None:
    """Run the background task worker (notifications, re-anchoring, checks)."""
    _django(data_dir)
    from django.core.management import call_command

    call_command("db_worker", interval=0.5)


@main.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=int,
    help="Port of the desk; the demo news site listens on the next one.",
)
@click.option("--password", help="Password for the demo editor (default: a random one, printed).")
@click.option(
    "--data-dir",
    default="var/demo",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where the demo's SQLite database and files live.",
)
def demo(host: str, port: int, password: str | None, data_dir: str) -> None:
    """Set up a demo site, article and editor, then serve them.

    The desk runs on --port; a small demo news site with one article that embeds
    the widget runs on --port + 1, a different origin, as a real news site would.
    Running it again keeps the data and resets the editor's password.
    """
    _django(data_dir)
    _prepare_database_and_static()
    from corrigenda.demo import setup_demo, start_news_site

    password = password or secrets.token_urlsafe(9)
    desk_url = f"http://{_url_host(host)}:{port}"
    news_url = f"http://{_url_host(host)}:{port + 1}"
    site = setup_demo(desk_url=desk_url, news_url=news_url, password=password)
    start_news_site(host, port + 1, desk_url=desk_url, site_key=site.key)
    click.echo(
        "\n".join(
            [
                "",
                "Corrigenda demo is running.",
                f"  Demo article:  {news_url}/",
                f"  Desk:          {desk_url}/desk/",
                "  Editor login:  editor / " + password,
                f"  API document:  {desk_url}/api/v1/openapi.json",
                f"  Data:          {Path(data_dir).resolve()}",
                "Select text in the article and press Ctrl+Enter (Cmd+Enter on a Mac).",
                "Stop with Ctrl+C.",
                "",
            ]
        )
    )
    _serve(host, port, workers=2, with_worker=True)


def _url_host(host: str) -> str:
    return "localhost" if host in {"127.0.0.1", "0.0.0.0", "::"} else host


@main.command()
@click.argument("name")
@click.option(
    "--origin",
    "origins",
    multiple=True,
    help="Origin allowed to send reports, e.g. https://news.example.org (repeatable).",
)
@click.option(
    "--selector",
    default="article",
    show_default=True,
    help="CSS selector of the article container on the site's pages.",
)
@click.option("--language", default="en", show_default=True, help="The site's main language.")
def createsite(name: str, origins: tuple[str, ...], selector: str, language: str) -> None:
    """Create a site and print its key and embed code."""
    _django()
    from corrigenda.reports.services import create_site

    for origin in origins:
        if not origin.startswith(("http://", "https://")) or origin.rstrip("/").count("/") > 2:
            raise click.BadParameter(
                f"{origin!r} is not an origin like https://news.example.org", param_hint="--origin"
            )
    site = create_site(
        name, allowed_origins=list(origins), article_selector=selector, language=language
    )
    click.echo(f"Created site {site.name!r} with key {site.key}")
    click.echo("Embed on article pages:")
    click.echo(
        f'  <script src="https://YOUR-DESK/static/corrigenda/corrigenda.js" defer '
        f'data-site="{site.key}" data-article="{selector}"></script>'
    )


@main.command()
@click.argument("username")
@click.option("--site", "site_keys", multiple=True, help="Key of a site to join (repeatable).")
@click.option("--role", type=click.Choice(["editor", "admin"]), default="editor", show_default=True)
@click.option("--email", default="", help="The user's email address.")
@click.option("--password", help="Password (default: a random one, printed).")
def adduser(
    username: str, site_keys: tuple[str, ...], role: str, email: str, password: str | None
) -> None:
    """Create a desk user (or update one) and add them to sites."""
    _django()
    from django.contrib.auth import get_user_model

    from corrigenda.reports.models import Site
    from corrigenda.reports.services import add_member

    sites = []
    for key in site_keys:
        site = Site.objects.filter(key=key).first()
        if site is None:
            raise click.BadParameter(f"no site has the key {key!r}", param_hint="--site")
        sites.append(site)
    password = password or secrets.token_urlsafe(9)
    user, created = get_user_model().objects.get_or_create(username=username)
    user.email = email or user.email
    user.set_password(password)
    user.save()
    for site in sites:
        add_member(site, user, role)
    click.echo(f"{'Created' if created else 'Updated'} {username} with password {password}")
    for site in sites:
        click.echo(f"  {role} on {site.name} ({site.key})")


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. `corrigenda manage createsuperuser`."""
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["corrigenda manage", *args])


if __name__ == "__main__":
    main()
