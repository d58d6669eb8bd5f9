"""The `corrigenda` command: run the desk, its worker, and set up sites and people."""

import json
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from corrigenda.checks import Finding
    from corrigenda.extraction import ExtractedArticle

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _django(data_dir: str | None = None) -> None:
    """Configure Django; the data directory must be known before settings load."""
    if data_dir:
        os.environ["CORRIGENDA_DATA_DIR"] = str(Path(data_dir).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corrigenda.settings")
    import django

    django.setup()


def _database(data_dir: str | None = None) -> None:
    """Configure Django and make sure its database is reachable and set up: a command run
    on a fresh data directory (or a new PostgreSQL database) applies the migrations first
    instead of failing on a missing table."""
    _django(data_dir)
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            click.echo(f"Setting up the database ({len(pending)} migrations)...", err=True)
            call_command("migrate", interactive=False, verbosity=0)
    except DatabaseError as error:
        raise click.ClickException(
            f"Cannot use the database {_database_name()}: {str(error).strip()}. "
            "Check DATABASE_URL (or CORRIGENDA_DATA_DIR for SQLite)."
        ) from error


def _database_name() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if "sqlite" in database["ENGINE"]:
        return str(database["NAME"])
    return f"{database['NAME']!r} on {database.get('HOST') or 'localhost'}"


def _prepare_database_and_static(data_dir: str | None = None) -> None:
    from django.core.management import call_command

    _database(data_dir)
    call_command("collectstatic", interactive=False, verbosity=0)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="corrigenda")
def main() -> None:
    """Corrigenda: a self-hosted corrections desk for online newsrooms.

    Readers highlight a wrong passage and press Ctrl+Enter; editors triage the
    reports in the desk and publish correction notes.

    \b
    Try it:   corrigenda demo
    Set up:   corrigenda createsite NAME --origin https://news.example.org
              corrigenda adduser alice --site KEY --role admin
    Run:      corrigenda serve   (the web server and the background worker)

    Settings come from environment variables (the README's configuration table).
    CORRIGENDA_DATA_DIR (default ./var) holds the SQLite database, the generated
    secret key and the cache, unless DATABASE_URL and REDIS_URL name others.
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
    """Run the web server (gunicorn) and the background worker.

    Applies pending database migrations and collects static files first, so a new
    version starts with one command. The background worker (`corrigenda worker`)
    runs beside the web server unless --no-worker is given. With several machines,
    run `serve --no-worker` on each and one `corrigenda worker` somewhere.
    """
    _prepare_database_and_static(data_dir)
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
    """Run the background worker: queued and periodic tasks.

    Sends editors' and readers' emails and webhooks, re-anchors open issues onto new
    revisions and runs the automatic checks. It also queues the periodic tasks of
    settings.PERIODIC_TASKS when they are due (editors' daily digests, deleting
    readers' email addresses past the site's retention period), so no cron is needed.
    `corrigenda serve` starts one unless given --no-worker.
    """
    _database(data_dir)
    from django.core.management import call_command

    from corrigenda.schedule.scheduler import start_scheduler

    start_scheduler()
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
    # The desk's webhook reaches the demo CMS on this machine (webhooks to internal
    # addresses are refused unless named here); the worker inherits the setting.
    allowed = {h for h in os.environ.get("CORRIGENDA_WEBHOOK_ALLOWED_HOSTS", "").split(",") if h}
    os.environ["CORRIGENDA_WEBHOOK_ALLOWED_HOSTS"] = ",".join(sorted(allowed | {_url_host(host)}))
    _prepare_database_and_static(data_dir)
    from corrigenda.demo import setup_demo, start_news_site

    password = password or secrets.token_urlsafe(9)
    desk_url = f"http://{_url_host(host)}:{port}"
    news_url = f"http://{_url_host(host)}:{port + 1}"
    newsroom = setup_demo(desk_url=desk_url, news_url=news_url, password=password)
    start_news_site(host, port + 1, newsroom)
    click.echo(
        "\n".join(
            [
                "",
                "Corrigenda demo is running.",
                f"  Demo article:  {news_url}/",
                f"  Desk:          {desk_url}/desk/",
                "  Editor login:  editor / " + password,
                f"  Public log:    {desk_url}/s/{newsroom.site_key}/corrections/",
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
    from django.core.exceptions import ValidationError

    _database()
    from corrigenda.reports.canonical import canonical_language, canonical_origin
    from corrigenda.reports.models import validate_site_name
    from corrigenda.reports.services import create_site

    name = name.strip()
    try:
        validate_site_name(name)
    except ValidationError as error:
        raise click.BadParameter(error.messages[0], param_hint="NAME") from None
    canonical = []
    for origin in origins:
        try:
            canonical.append(canonical_origin(origin))
        except ValueError as error:
            raise click.BadParameter(
                f"{origin!r} is not an origin like https://news.example.org: {error}",
                param_hint="--origin",
            ) from None
    try:
        language = canonical_language(language)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--language") from None
    site = create_site(
        name, allowed_origins=canonical, article_selector=selector, language=language
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
@click.option(
    "--role",
    type=click.Choice(["editor", "admin"]),
    default="editor",
    show_default=True,
    help="admin: may also change the site's settings, checks, API tokens, webhooks "
    "and reader data.",
)
@click.option("--email", default="", help="The user's email address (for notification emails).")
@click.option(
    "--password",
    help="Password, held to Django's password rules (default: a random one, printed).",
)
def adduser(
    username: str, site_keys: tuple[str, ...], role: str, email: str, password: str | None
) -> None:
    """Create a desk user (or update one) and add them to sites."""
    _database()
    from django.contrib.auth import get_user_model

    from corrigenda.reports.models import Site
    from corrigenda.reports.services import add_member

    sites = []
    for key in site_keys:
        site = Site.objects.filter(key=key).first()
        if site is None:
            raise click.BadParameter(f"no site has the key {key!r}", param_hint="--site")
        sites.append(site)
    users = get_user_model()
    if password is not None:
        existing = users.objects.filter(username=username).first()
        _check_password(password, existing or users(username=username, email=email))
    password = password or secrets.token_urlsafe(9)
    user, created = users.objects.get_or_create(username=username)
    user.email = email or user.email
    user.set_password(password)
    user.save()
    for site in sites:
        add_member(site, user, role)
    click.echo(f"{'Created' if created else 'Updated'} {username} with password {password}")
    for site in sites:
        click.echo(f"  {role} on {site.name} ({site.key})")


class WeakPassword(click.ClickException):
    """A --password Django's validators refuse; exit status 2, as for usage errors."""

    exit_code = 2


def _check_password(password: str, user) -> None:
    """Django's password validators (settings.AUTH_PASSWORD_VALIDATORS), as the admin
    runs them; nothing is created or changed when one refuses."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise WeakPassword(
            "The password is refused: " + " ".join(error.messages) + " Nothing was changed."
        ) from None


# Pages and texts read from a --history folder; anything else there is ignored.
HISTORY_SUFFIXES = (".html", ".htm", ".txt")
_SEVERITY_COLOURS = {"info": "blue", "warning": "yellow", "error": "red"}
_CONTEXT_CHARS = 30
_MAX_QUOTE_CHARS = 120


class CheckInputError(click.ClickException):
    """The page to check (or its history) cannot be read; exit status 2, as for usage errors,
    so that 1 keeps meaning "findings at or above --fail-on"."""

    exit_code = 2


@main.command()
@click.argument("source", metavar="PATH|URL|-", required=False)
@click.option(
    "--site",
    "site_key",
    metavar="KEY",
    help="With --all: re-check the stored articles of the site with this key.",
)
@click.option(
    "--all",
    "all_articles",
    is_flag=True,
    help="Re-check the latest revision of every stored article of --site, with the "
    "site's own checks, style rules and accepted words, and update its findings.",
)
@click.option(
    "--language",
    help="Two-letter language code of the article [default: the page's <html lang>, else en].",
)
@click.option(
    "--fail-on",
    type=click.Choice(["info", "warning", "error"]),
    default="warning",
    show_default=True,
    help="Exit with status 1 when a finding is this severe or more.",
)
@click.option(
    "--history",
    "history_dir",
    type=click.Path(exists=True, file_okay=False),
    help="Folder of other saved pages (.html, .htm, .txt) of the same site: a line they "
    "share with this article is reported as leaked page furniture.",
)
@click.option(
    "--selector",
    "selectors",
    multiple=True,
    help="CSS selector of the article container (repeatable, first match wins) "
    "[default: [itemprop=articleBody], article, main; else the page's main text is guessed].",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print JSON: the findings as a list (with --site, the summary).",
)
def check(
    source: str | None,
    site_key: str | None,
    all_articles: bool,
    language: str | None,
    fail_on: str,
    history_dir: str | None,
    selectors: tuple[str, ...],
    as_json: bool,
) -> None:
    """Check one page, or re-check a site's stored articles.

    Runs the automatic checks on one article and prints what they find.

    PATH|URL|- is a saved page or plain-text article, an http(s) address, or - for
    standard input. HTML (recognised by its content) is reduced to the article
    container's text; plain text is checked as it is, one paragraph a line.

    Each finding shows its rule, severity, line:column, the flagged text »marked« in
    its context, what is wrong and, when there is one, a suggestion. Exit status: 0
    when nothing reaches --fail-on, 1 when something does, 2 when the input cannot
    be read.

    With --site KEY --all, re-checks the site's stored articles instead (after its
    style rules or check settings changed, say), shows a progress bar on a terminal
    and ends with a summary; the exit status then counts the site's open findings.

    \b
    Examples:
      corrigenda check saved/article.html --history saved/other-articles/
      curl -s https://news.example.org/a | corrigenda check - --json
      corrigenda check --site 3kX9vQ --all --fail-on error
    """
    if site_key or all_articles:
        if not (site_key and all_articles) or source is not None:
            raise click.UsageError("Give PATH|URL|- for one page, or --site KEY --all.")
        if language or history_dir or selectors:
            raise click.UsageError(
                "--language, --history and --selector apply to one page; "
                "--site uses the site's language and stored articles."
            )
        _check_site(site_key, fail_on, as_json)
        return
    if source is None:
        raise click.UsageError("Give PATH|URL|- for one page, or --site KEY --all.")
    from corrigenda.checks import run_checks
    from corrigenda.checks.boilerplate import line_counts
    from corrigenda.checks.findings import SEVERITIES

    language = _check_language(language) if language else None
    article = _read_article(source, selectors)
    language = language or _check_language(article.language or "en", from_page=True)
    history = None
    if history_dir:
        history = line_counts(_history_texts(Path(history_dir), source, selectors))
    findings = run_checks(article.text, language=language, site_history=history).findings
    if as_json:
        click.echo(json.dumps([_finding_json(f, article.text) for f in findings], indent=2))
    else:
        _print_findings(source, article, findings)
    threshold = SEVERITIES.index(fail_on)
    if any(SEVERITIES.index(f.severity) >= threshold for f in findings):
        sys.exit(1)


def _check_site(site_key: str, fail_on: str, as_json: bool) -> None:
    """Re-check every stored article of the site and sum up what changed."""
    _database()
    from corrigenda.checks.findings import SEVERITIES
    from corrigenda.reports.models import Finding, Site
    from corrigenda.reports.services import check_revision

    site = Site.objects.filter(key=site_key).first()
    if site is None:
        raise CheckInputError(f"No site has the key {site_key!r}.")
    articles = site.articles.order_by("pk")
    checked = opened = gone = 0
    # The bar shows only on a terminal; redirected output gets the summary alone.
    with click.progressbar(
        articles.iterator(),
        length=articles.count(),
        label=f"Checking {site.name}",
        file=sys.stderr,
        show_pos=True,
        hidden=not sys.stderr.isatty(),
    ) as bar:
        for article in bar:
            revision = article.latest_revision
            if revision is None:
                continue
            run = check_revision(revision)
            checked += 1
            opened += run.opened
            gone += run.gone
    open_findings = Finding.objects.filter(site=site, state=Finding.State.OPEN)
    severities = list(open_findings.values_list("severity", flat=True))
    summary = {
        "site": site.key,
        "articles": checked,
        "open": len(severities),
        "new": opened,
        "gone": gone,
        "flagged_articles": open_findings.values("article").distinct().count(),
    }
    if as_json:
        click.echo(json.dumps(summary, indent=2))
    else:
        click.echo(
            f"{site.name}: checked {checked} article{'s' if checked != 1 else ''}; "
            f"{summary['open']} open finding{'s' if summary['open'] != 1 else ''} "
            f"in {summary['flagged_articles']} articles ({opened} new), {gone} gone."
        )
    threshold = SEVERITIES.index(fail_on)
    if any(SEVERITIES.index(severity) >= threshold for severity in severities):
        sys.exit(1)


def _check_language(code: str, from_page: bool = False) -> str:
    from django.conf.locale import LANG_INFO

    primary = code.strip().lower().replace("_", "-").split("-")[0]
    if primary in LANG_INFO and len(primary) == 2:
        return primary
    if from_page:
        # A page's odd lang attribute should not stop the check; English rules still apply.
        return "en"
    raise click.BadParameter(
        f"{code!r} is not a known language code such as en, uk or de.", param_hint="--language"
    )


def _read_article(source: str, selectors: tuple[str, ...]) -> "ExtractedArticle":
    from corrigenda.extraction import DEFAULT_CONTAINER_SELECTORS, PageUnreadable, read_page

    try:
        return read_page(source, selectors or DEFAULT_CONTAINER_SELECTORS)
    except PageUnreadable as error:
        raise CheckInputError(str(error)) from error


def _history_texts(folder: Path, source: str, selectors: tuple[str, ...]) -> list[str]:
    checked = Path(source).resolve() if Path(source).exists() else None
    pages = sorted(
        path
        for path in folder.iterdir()
        if path.is_file() and path.suffix.lower() in HISTORY_SUFFIXES and path.resolve() != checked
    )
    if not pages:
        raise CheckInputError(f"{folder} holds no other pages ({', '.join(HISTORY_SUFFIXES)}).")
    texts = []
    for page in pages:
        try:
            texts.append(_read_article(str(page), selectors).text)
        except CheckInputError:
            # An empty or unreadable neighbour says nothing about the site's furniture.
            continue
    return texts


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _finding_json(finding: "Finding", text: str) -> dict:
    start, end = finding.span
    line, column = _line_and_column(text, start)
    related = None
    if finding.related is not None:
        related_line, related_column = _line_and_column(text, finding.related[0])
        related = {
            "start": finding.related[0],
            "end": finding.related[1],
            "line": related_line,
            "column": related_column,
            "text": text[finding.related[0] : finding.related[1]],
        }
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "line": line,
        "column": column,
        "start": start,
        "end": end,
        "text": finding.quote(text),
        "message": finding.message,
        "reason": finding.reason,
        "suggestion": finding.suggestion,
        "related": related,
    }


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return text[:half] + "…" + text[-half:]


def _in_context(text: str, start: int, end: int) -> str:
    """The flagged text »marked« between up to 30 characters of its own line on each side."""
    from corrigenda.anchoring.text import passage_in_context

    passage = passage_in_context(text, start, end, context_chars=_CONTEXT_CHARS)
    lines = [line for line in passage.quote.split("\n") if line.strip()]
    if len(lines) > 1:
        # A block (a leaked related-stories box) reads on one line, its breaks marked.
        quote = _shorten(" ⏎ ".join(lines), 2 * _MAX_QUOTE_CHARS)
        return click.style(f"»{quote}«", bold=True) + f" ({len(lines)} lines)"
    flagged = click.style("»" + _shorten(passage.quote, _MAX_QUOTE_CHARS) + "«", bold=True)
    return passage.before + flagged + passage.after


def _print_findings(source: str, article: "ExtractedArticle", findings: list["Finding"]) -> None:
    from collections import Counter

    name = "standard input" if source == "-" else source
    if article.title:
        name += f" ({article.title})"
    if not findings:
        click.echo(f"{name}: no findings.")
        return
    counts = Counter(f.severity for f in findings)
    summary = ", ".join(
        f"{counts[s]} {s if counts[s] == 1 else s + 's'}"
        for s in ("error", "warning", "info")
        if counts[s]
    )
    click.echo(f"{name}: {len(findings)} finding{'s' if len(findings) > 1 else ''} ({summary})")
    for finding in findings:
        line, column = _line_and_column(article.text, finding.span[0])
        severity = click.style(finding.severity, fg=_SEVERITY_COLOURS[finding.severity])
        click.echo("")
        click.echo(f"{line}:{column}  {severity}  {finding.rule}")
        click.echo("  " + _in_context(article.text, *finding.span))
        click.echo("  " + finding.message)
        if finding.reason:
            click.echo("  Why: " + finding.reason)
        if finding.related is not None:
            related_line, related_column = _line_and_column(article.text, finding.related[0])
            related_text = _shorten(article.text[slice(*finding.related)], _MAX_QUOTE_CHARS)
            click.echo(f"  See also {related_line}:{related_column}: {related_text}")
        if finding.suggestion:
            click.echo(f"  Suggestion: {finding.suggestion}")


@main.group()
def style() -> None:
    """A site's house style rules."""


@style.command("import-vale")
@click.option("--site", "site_key", required=True, metavar="KEY", help="The site's key.")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
def style_import_vale(site_key: str, path: Path) -> None:
    """Import a Vale style package into a site's house style.

    PATH is the package's folder or its .zip: its rules (.yml) become house style rules
    (existence, substitution, occurrence, repetition, consistency, conditional and
    capitalization), its vocabularies' accept.txt words become the site's accepted
    words and reject.txt words are flagged. Every rule left out is printed with the
    reason (extension points such as spelling, metric, sequence or script; scopes the
    article text has no markup for). Exit status 2 when the package cannot be read.

    \b
    Example:
      corrigenda style import-vale --site 3kX9vQ styles/House.zip
    """
    _database()
    from corrigenda.checks.vale import ValePackageError, read_vale_package
    from corrigenda.reports.models import Site
    from corrigenda.reports.services import import_vale_package

    site = Site.objects.filter(key=site_key).first()
    if site is None:
        raise CheckInputError(f"No site has the key {site_key!r}.")
    try:
        package = read_vale_package(path)
    except ValePackageError as error:
        raise CheckInputError(f"{path}: {error}") from error
    result = import_vale_package(site, package, by=None)
    click.echo(
        f"{site.name}: imported {package.imported_rule_files} of {package.rule_files} Vale "
        f"rules as {result.added} new and {result.updated} updated house style rules; "
        f"{result.accepted_words} new accepted words."
    )
    for skipped in result.skipped:
        click.echo(f"Skipped {skipped.name}: {skipped.reason}.")


@main.command()
@click.argument("path", required=False, type=click.Path(dir_okay=True))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def backup(path: str | None, force: bool) -> None:
    """Back up the database while the desk keeps running.

    PATH is the file to write, or a folder to write a timestamped file in [default:
    DATA_DIR/backups/corrigenda-YYYYmmdd-HHMMSS.sqlite3, or .dump for PostgreSQL].

    SQLite is copied page by page from one consistent snapshot (a progress bar shows on a
    terminal), then the copy passes SQLite's integrity check before it is kept.
    PostgreSQL (DATABASE_URL) is dumped with pg_dump --format=custom, which must be
    installed. Prints the file, its size and, for SQLite, what it holds. Exit status 1
    when the backup cannot be made; an existing file is kept unless --force is given.

    \b
    Examples:
      corrigenda backup
      corrigenda backup /mnt/backups/
      0 3 * * *  corrigenda backup /mnt/backups/   (crontab: every night at 3)
    """
    from corrigenda import backup as backups

    _django()
    from django.conf import settings

    database = settings.DATABASES["default"]
    try:
        destination = backups.backup_destination(
            path,
            backups_dir=settings.DATA_DIR / "backups",
            engine=database["ENGINE"],
            force=force,
        )
        if backups.is_sqlite(database["ENGINE"]):
            counts = _backup_sqlite_with_progress(Path(database["NAME"]), destination)
        else:
            backups.backup_postgres(database, destination)
            counts = None
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    size = destination.stat().st_size
    click.echo(f"Backed up to {destination} ({_megabytes(size)}).")
    if counts is not None:
        click.echo("  " + ", ".join(f"{count} {name}" for name, count in counts.items()))


def _backup_sqlite_with_progress(database: Path, destination: Path) -> dict[str, int]:
    from corrigenda import backup as backups

    with click.progressbar(
        length=1,
        label="Copying",
        file=sys.stderr,
        hidden=not sys.stderr.isatty(),
    ) as bar:

        def progress(copied: int, total: int) -> None:
            # The bar counts pages once SQLite says how many there are.
            bar.length = total
            bar.update(copied - bar.pos)

        return backups.backup_sqlite(database, destination, progress=progress)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.1f} kB"


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(path: str, yes: bool) -> None:
    """Restore the database from a backup (stop the server first).

    Stop `corrigenda serve` and `corrigenda worker` first. The backup is checked before
    anything changes: for SQLite, that it is a Corrigenda database that passes SQLite's
    integrity check; for PostgreSQL, that pg_restore can read it and it holds
    Corrigenda's tables. After confirmation (--yes skips it):

    \b
    SQLite: the current database is moved aside (its new name is printed) and the
            backup copied in its place; restore refuses while another process has
            the database open.
    PostgreSQL: the current database is first dumped into DATA_DIR/backups (the file
            is printed), then pg_restore --clean --if-exists --no-owner replaces its
            tables in one transaction, so a failure changes nothing.

    Then migrations run, so a backup from an older version works with this one.
    """
    from corrigenda import backup as backups

    _django()
    from django.conf import settings
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    backup_file = Path(path)
    sqlite = backups.is_sqlite(database["ENGINE"])
    try:
        if sqlite:
            counts = backups.check_sqlite_backup(backup_file)
            click.echo(
                f"{backup_file} holds " + ", ".join(f"{n} {name}" for name, n in counts.items())
            )
            target = database["NAME"]
        else:
            backups.check_postgres_backup(backup_file)
            target = f"PostgreSQL database {database['NAME']!r}"
            _warn_about_other_sessions()
        if not yes:
            click.confirm(f"Replace {target} with {backup_file}?", abort=True)
        if sqlite:
            set_aside = backups.restore_sqlite(backup_file, Path(database["NAME"]))
            if set_aside is not None:
                click.echo(f"The previous database is kept at {set_aside}")
        else:
            safety = backups.backup_destination(
                None,
                backups_dir=settings.DATA_DIR / "backups",
                engine=database["ENGINE"],
                prefix="corrigenda-before-restore",
            )
            backups.backup_postgres(database, safety)
            click.echo(f"The previous database is kept at {safety}")
            backups.restore_postgres(backup_file, database)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    call_command("migrate", interactive=False, verbosity=0)
    click.echo(f"Restored {backup_file}.")


def _warn_about_other_sessions() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        others = cursor.fetchone()[0]
    # pg_restore drops tables; open sessions of a running server would wait on it or fail.
    connection.close()
    if others:
        click.echo(
            f"Warning: {others} other session{'s are' if others > 1 else ' is'} connected to "
            "this database; is `corrigenda serve` or `corrigenda worker` still running?",
            err=True,
        )


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command, such as createsuperuser.

    \b
    Example:
      corrigenda manage createsuperuser
    """
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["corrigenda manage", *args])


if __name__ == "__main__":
    main()
