"""The desk's pages and the public surfaces at a year of a big newsroom, and at ten times
less: is every page fast, in few SQL statements, and no slower with more rows?

    .venv/bin/python bench/desk_scale.py                      # both databases, 20k and 200k
    .venv/bin/python bench/desk_scale.py --db sqlite --reports 20000    # a quick run

For each database and size it builds one site in a fresh database: 5,000 articles with two
revisions of about 1,000 words, reports in issues 4:1 (one issue with a hundredth of the
reports, one article with 1,000 open issues), 3,000 findings and 2,000 published
corrections, with the events the services write. The rows are bulk inserted in a Django
process of their own, keeping what the services keep: each issue's report count and
first and last report, the revisions' digests, the audit events; the database's
triggers keep the search index as they do for the services' writes.

Then it starts the real `corrigenda serve` on each size's database at once, logs in to
each as an editor over HTTP and times each page (p50 / p95 over --requests requests,
after two warm-up ones), asking the sizes in turn, request by request: the machine's
other load then weighs on both sizes alike, and the ratio measures the rows. The SQL
statements are counted in the same process as the build, with Django's test client and
`CaptureQueriesContext` on the same views and database (the second request of each
page, as the timed ones are). It prints the table for each size, the ratio of the
largest size's p50 to the smallest's, and PASS/FAIL against p50 <= 100 ms, <= 15 SQL
statements and a ratio <= 2.
"""

import argparse
import hashlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import (  # noqa: E402
    BENCH_ORIGIN,
    HOST,
    PROPER,
    WORDS,
    database,
    free_port,
    server_environment,
    start_server,
    stop,
    wait_until_answering,
)

POSTGRES = "postgres://postgres@127.0.0.1:5432"
ARTICLES = 5000
WORDS_PER_REVISION = 1000
FINDINGS = 3000
CORRECTIONS = 2000
BIG_ARTICLE_ISSUES = 1000
PASSWORD = "bench-desk-scale-password"
P50_LIMIT_MS = 100.0
SQL_LIMIT = 15
RATIO_LIMIT = 2.0
BATCH = 5000
SEARCH_HIT = "march"
SEARCH_MISS = "quixotry"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--reports", default="20000,200000", help="sizes, comma separated (default 20000,200000)"
    )
    parser.add_argument("--requests", type=int, default=15, help="timed requests per page")
    parser.add_argument("--build", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(size) for size in args.reports.split(",")]
    if args.build:
        build_and_count(sizes[0], Path(args.build))
        return
    failed = False
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        with ExitStack() as stack:
            datasets = {}
            for size in sizes:
                folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
                name = f"corrigenda_desk_scale_{os.getpid()}_{size}"
                url = f"{POSTGRES}/{name}" if db == "postgres" else None
                env = server_environment(folder, stack.enter_context(database(url)))
                command = [sys.executable, __file__, "--build", str(folder), "--reports", str(size)]
                subprocess.run(command, env=env, check=True)
                datasets[size] = (env, folder, json.loads((folder / "built.json").read_text()))
            timings = time_pages(datasets, args.requests)
        results = {
            size: {
                "build_seconds": built["build_seconds"],
                "pages": {
                    name: {**timings[size][name], "sql": built["sql"][name]}
                    for name, *_ in built["pages"]
                },
            }
            for size, (_, _, built) in datasets.items()
        }
        failed |= print_table(db, sizes, results)
    sys.exit(1 if failed else 0)


def print_table(db: str, sizes: list[int], results: dict[int, dict]) -> bool:
    small, large = sizes[0], sizes[-1]
    print(f"\n## {db}")
    for size in sizes:
        print(f"built {size:,} reports in {results[size]['build_seconds']:.0f} s")
    head = " | ".join(f"{size // 1000}k p50 / p95 ms | SQL" for size in sizes)
    ratio_head = f" | ratio {large // 1000}k/{small // 1000}k" if len(sizes) > 1 else ""
    print(f"\n| page | {head}{ratio_head} | verdict |")
    print("|---|" + "---|---|" * len(sizes) + ("---|" if len(sizes) > 1 else "") + "---|")
    failed = False
    for name in results[small]["pages"]:
        cells, problems = [], []
        for size in sizes:
            page = results[size]["pages"][name]
            cells.append(f"{page['p50']:.1f} / {page['p95']:.1f} | {page['sql']}")
            if page["status"] != 200:
                problems.append(f"HTTP {page['status']} at {size // 1000}k")
        top = results[large]["pages"][name]
        if top["p50"] > P50_LIMIT_MS:
            problems.append("p50")
        if top["sql"] > SQL_LIMIT:
            problems.append("SQL")
        ratio = ""
        if len(sizes) > 1:
            value = top["p50"] / results[small]["pages"][name]["p50"]
            ratio = f" | {value:.2f}"
            if value > RATIO_LIMIT:
                problems.append("ratio")
        verdict = "PASS" if not problems else "FAIL (" + ", ".join(problems) + ")"
        failed |= bool(problems)
        print(f"| {name} | {' | '.join(cells)}{ratio} | {verdict} |")
    limits = f"p50 <= {P50_LIMIT_MS:.0f} ms and <= {SQL_LIMIT} SQL at {large:,} reports"
    if len(sizes) > 1:
        limits += f", p50 at most {RATIO_LIMIT:.0f}x the one at {small:,}"
    print(f"\nlimits: {limits}")
    return failed


def build_and_count(reports: int, folder: Path) -> None:
    """In a process of its own, with the environment the server will have: build the
    dataset, count each page's SQL statements, and write what the timing needs."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "corrigenda.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    target = build(reports)
    build_seconds = time.monotonic() - started
    print(f"[{connection.vendor} {reports:,}] built in {build_seconds:.0f} s", file=sys.stderr)
    pages = page_list(target)
    built = {
        "build_seconds": build_seconds,
        "pages": pages,
        "token": target["token"],
        "sql": count_queries(pages, target),
    }
    (folder / "built.json").write_text(json.dumps(built))


# The dataset.


def revision_text(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=WORDS_PER_REVISION)
    for _ in range(WORDS_PER_REVISION // 40):
        words[rng.randrange(len(words))] = rng.choice(PROPER)
    sentences, start = [], 0
    while start < len(words):
        length = rng.randint(10, 24)
        sentence = " ".join(words[start : start + length])
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
        start += length
    paragraphs = [" ".join(sentences[n : n + 4]) for n in range(0, len(sentences), 4)]
    return "\n".join(paragraphs)


def edited(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(10):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def passage(text: str, rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(len(text) - 200)
    start = text.rfind(" ", 0, start) + 1
    end = text.find(" ", start + rng.randint(10, 40))
    return start, end


def without_auto_dates() -> None:
    """The build sets every date itself, a year of them, where the models would write now."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                field.auto_now_add = field.auto_now = False


REPORT_COLUMNS = (
    "public_id",
    "site_id",
    "article_id",
    "revision_id",
    "issue_id",
    "exact",
    "prefix",
    "suffix",
    "start",
    "end",
    "kind",
    "suggestion",
    "comment",
    "email",
    "page_url",
    "language",
    "client_hash",
    "spam_verdict",
    "created",
)
EVENT_COLUMNS = ("site_id", "issue_id", "actor_id", "action", "detail", "created")
ROWS_AT_ONCE = 20000


def event_row(site, issue, actor, action: str, detail: dict, created) -> tuple:
    return (site.pk, issue.pk, actor.pk if actor else None, action, json.dumps(detail), created)


def insert_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows straight into the table, past the ORM, whose building of each INSERT took most
    of the build's time: COPY on PostgreSQL, executemany on SQLite. The triggers run as
    for any other write."""
    from django.db import connection

    q = connection.ops.quote_name
    table, names = q(model._meta.db_table), ", ".join(q(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        adapt = connection.ops.adapt_datetimefield_value
        plain = [
            tuple(
                adapt(v) if isinstance(v, datetime) else v.hex if isinstance(v, uuid.UUID) else v
                for v in row
            )
            for row in rows
        ]
        marks = ", ".join("?" * len(columns))
        cursor.cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", plain)


def build(total_reports: int) -> dict:
    from django.db import connection, transaction

    # One transaction: SQLite would otherwise commit (and sync) every statement.
    with transaction.atomic():
        target = build_rows(total_reports)
    # As a year of autovacuum leaves the tables: statistics, and index-only scans that
    # need not visit the rows to count them.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return target


def build_rows(total_reports: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from corrigenda.corrections.models import Correction, CorrectionVersion
    from corrigenda.reports import services
    from corrigenda.reports.models import (
        Article,
        Event,
        Finding,
        Issue,
        Membership,
        Report,
        Revision,
        Site,
    )

    rng = random.Random(13)
    now = timezone.now()
    year_ago = now - timedelta(days=365)
    site = Site.objects.create(name="Desk scale", allowed_origins=[BENCH_ORIGIN])
    editor = get_user_model().objects.create_user("editor", password=PASSWORD)
    Membership.objects.create(site=site, user=editor, role=Membership.Role.EDITOR)
    _, token = services.create_api_token(site, "bench", by=None)
    without_auto_dates()

    articles = Article.objects.bulk_create(
        [
            Article(
                site=site,
                canonical_url=f"{BENCH_ORIGIN}/2026/story-{n}",
                title=f"Story {n}: council budget row",
                section=rng.choice(["news", "politics", "business", "culture", "sport"]),
                author=rng.choice(["A. Writer", "B. Reporter", "C. Columnist", "D. Editor"]),
                created=year_ago,
            )
            for n in range(ARTICLES)
        ],
        batch_size=BATCH,
    )
    texts, revisions = [], []
    for article in articles:
        first = revision_text(rng)
        second = edited(first, rng)
        texts.append(second)
        for text, since in ((first, year_ago), (second, year_ago + timedelta(days=1))):
            revisions.append(
                Revision(
                    article=article,
                    text=text,
                    content_hash=hashlib.sha256(text.encode()).hexdigest(),
                    source=Revision.Source.API,
                    first_seen=since,
                    current_since=since,
                )
            )
    revisions = Revision.objects.bulk_create(revisions, batch_size=1000)
    current = revisions[1::2]

    issue_count = total_reports // 4
    heavy = total_reports // 100
    counts = [heavy] + [1] * (issue_count - 1)
    for index in rng.choices(range(1, issue_count), k=total_reports - sum(counts)):
        counts[index] += 1
    big_article = 0
    statuses = ["new"] * 55 + ["accepted"] * 12 + ["rejected"] * 10 + ["duplicate"] * 4
    statuses += ["spam"] * 3 + ["fixed"] * 4
    issues, report_times = [], []
    for number, count in enumerate(counts):
        on_big = 1 <= number <= BIG_ARTICLE_ISSUES
        a = big_article if on_big else rng.randrange(1, ARTICLES)
        start, end = passage(texts[a], rng)
        times = sorted(
            year_ago + timedelta(seconds=rng.uniform(0, 365 * 86400)) for _ in range(count)
        )
        report_times.append(times)
        status = rng.choice(["new", "accepted"]) if on_big else rng.choice(statuses)
        issues.append(
            Issue(
                site=site,
                article=articles[a],
                revision=current[a],
                exact=texts[a][start:end],
                start=start,
                end=end,
                kind=rng.choice(["typo", "typo", "factual", "clarification", "other"]),
                status=status,
                report_count=count,
                created=times[0],
                last_reported=times[-1],
            )
        )
    published = rng.sample(issues[BIG_ARTICLE_ISSUES + 1 :], CORRECTIONS)
    for issue in published:
        issue.status = Issue.Status.PUBLISHED
    issues = Issue.objects.bulk_create(issues, batch_size=BATCH)

    events, reports = [], []
    for issue, times in zip(issues, report_times, strict=True):
        a_text = issue.revision.text
        events.append(event_row(site, issue, None, "issue.opened", {}, times[0]))
        for moment in times:
            kind = issue.kind if rng.random() < 0.8 else rng.choice(["typo", "factual", "other"])
            public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            reports.append(
                (
                    public_id,
                    site.pk,
                    issue.article_id,
                    issue.revision_id,
                    issue.pk,
                    issue.exact,
                    a_text[max(0, issue.start - 32) : issue.start],
                    a_text[issue.end : issue.end + 32],
                    issue.start,
                    issue.end,
                    kind,
                    "the correct spelling" if kind == "typo" else "",
                    "This figure was different in the March report." if kind == "factual" else "",
                    "",
                    f"{BENCH_ORIGIN}/2026/story-{issue.article_id}",
                    "en",
                    "",
                    Report.SpamVerdict.HAM,
                    moment,
                )
            )
            detail = {"report": str(public_id)}
            events.append(event_row(site, issue, None, "report.received", detail, moment))
        if issue.status != Issue.Status.NEW:
            moved = min(now, times[0] + timedelta(hours=rng.uniform(1, 72)))
            first_to = Issue.Status.ACCEPTED if issue.status == "published" else issue.status
            detail = {"from": "new", "to": first_to}
            events.append(event_row(site, issue, editor, "issue.status", detail, moved))
        if len(reports) >= ROWS_AT_ONCE:
            insert_rows(Report, REPORT_COLUMNS, reports)
            reports = []
    insert_rows(Report, REPORT_COLUMNS, reports)

    corrections = []
    for issue in published:
        at = min(now, issue.last_reported + timedelta(days=1))
        corrections.append(
            Correction(
                site=site,
                article_id=issue.article_id,
                said=issue.exact,
                correct="what is right",
                note=f"An earlier version of this article said “{issue.exact}”.",
                state=Correction.State.PUBLISHED,
                published_at=at,
                created=at,
                updated=at,
                created_by=editor,
            )
        )
    corrections = Correction.objects.bulk_create(corrections, batch_size=BATCH)
    Correction.issues.through.objects.bulk_create(
        [
            Correction.issues.through(correction_id=c.pk, issue_id=i.pk)
            for c, i in zip(corrections, published, strict=True)
        ],
        batch_size=BATCH,
    )
    CorrectionVersion.objects.bulk_create(
        [
            CorrectionVersion(
                correction=c,
                kind=c.kind,
                said=c.said,
                correct=c.correct,
                note=c.note,
                was_published=False,
                edited_by=editor,
                created=c.created,
            )
            for c in corrections
        ],
        batch_size=BATCH,
    )
    for correction, issue in zip(corrections, published, strict=True):
        detail = {"correction": correction.pk, "from": "accepted", "to": "published"}
        events.append(
            event_row(site, issue, editor, "issue.status", detail, correction.published_at)
        )
    for start in range(0, len(events), ROWS_AT_ONCE):
        insert_rows(Event, EVENT_COLUMNS, events[start : start + ROWS_AT_ONCE])

    findings = []
    for n in range(FINDINGS):
        a = n % 1000
        start, end = passage(texts[a], rng)
        findings.append(
            Finding(
                site=site,
                article=articles[a],
                revision=current[a],
                rule=rng.choice(["repeated_words", "spelling", "style_rule"]),
                start=start,
                end=end,
                text=texts[a][start:end],
                message="Check this passage.",
                severity=rng.choice(["info", "warning", "error"]),
                state=rng.choice(["open", "open", "open", "dismissed", "gone"]),
                fingerprint=hashlib.sha256(f"{n}".encode()).hexdigest(),
                first_seen=year_ago,
                last_seen=now,
            )
        )
    Finding.objects.bulk_create(findings, batch_size=BATCH)

    typical = next(i for i in issues[BIG_ARTICLE_ISSUES + 1 :] if i.report_count == 4)
    corrected = corrections[0].article_id
    return {
        "site": site.key,
        "token": token,
        "heavy_issue": issues[0].pk,
        "typical_issue": typical.pk,
        "big_article": articles[big_article].pk,
        "small_article": typical.article_id,
        "corrected_url": f"{BENCH_ORIGIN}/2026/story-{corrected - articles[0].pk}",
        "editor": editor.pk,
    }


def page_list(target: dict) -> list[tuple[str, str, bool]]:
    """(name, path, through the publisher API token) for every page measured."""
    from corrigenda.keyset import LAST, cursor_after
    from corrigenda.reports.models import Issue
    from corrigenda.reports.selectors import SORTS

    key = target["site"]
    # Nine tenths down the queue of new issues, as far as "Older" links take an editor.
    new = Issue.objects.filter(site__key=key, status="new").order_by(*SORTS["newest"])
    deep = cursor_after(new[new.count() * 9 // 10], SORTS["newest"]).encode()
    desk = "/desk/"
    pages = [
        ("queue, first page", f"{desk}?site={key}", False),
        ("queue, deep page", f"{desk}?site={key}&cursor={deep}", False),
    ]
    for status in ("new", "accepted", "rejected", "duplicate", "spam", "fixed", "published"):
        pages.append((f"queue, {status}", f"{desk}?site={key}&status={status}", False))
    pages += [
        ("queue, most reported", f"{desk}?site={key}&sort=most", False),
        ("queue, search with matches", f"{desk}?site={key}&q={SEARCH_HIT}", False),
        ("queue, search without", f"{desk}?site={key}&q={SEARCH_MISS}", False),
        ("queue, filter kind", f"{desk}?site={key}&kind=factual&status=", False),
        ("queue, filter article", f"{desk}?article={target['big_article']}&status=", False),
        ("issue page, typical", f"{desk}issues/{target['typical_issue']}/", False),
        ("issue page, heaviest", f"{desk}issues/{target['heavy_issue']}/", False),
        ("article page, small", f"{desk}articles/{target['small_article']}/", False),
        ("article page, 1,000 open issues", f"{desk}articles/{target['big_article']}/", False),
        ("findings queue", f"{desk}findings/?site={key}", False),
        ("metrics, 30 days", f"{desk}sites/{key}/metrics?days=30", False),
        ("metrics, 90 days", f"{desk}sites/{key}/metrics?days=90", False),
        ("site settings", f"{desk}sites/{key}/", False),
        ("desk corrections list", f"{desk}corrections/sites/{key}/", False),
        ("public log, first page", f"/s/{key}/corrections/", False),
        ("public log, last page", f"/s/{key}/corrections/?page={CORRECTIONS // 20}", False),
        ("Atom feed", f"/s/{key}/corrections/feed.atom", False),
        ("corrections API", f"/api/v1/sites/{key}/corrections", False),
        (
            "per-article API",
            f"/api/v1/sites/{key}/articles/corrections?url={target['corrected_url']}",
            False,
        ),
        (
            "per-article fragment",
            f"/s/{key}/articles/corrections.html?url={target['corrected_url']}",
            False,
        ),
        ("annotations export, first page", f"/api/v1/sites/{key}/annotations?page=1", True),
        (
            "annotations export, last page",
            f"/api/v1/sites/{key}/annotations?cursor={LAST.encode()}",
            True,
        ),
    ]
    return pages


def count_queries(pages: list[tuple[str, str, bool]], target: dict) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    client.force_login(get_user_model().objects.get(pk=target["editor"]))
    counts = {}
    for name, path, with_token in pages:
        headers = {"Authorization": f"Bearer {target['token']}"} if with_token else {}
        client.get(path, headers=headers)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, headers=headers)
        if response.status_code != 200:
            print(f"  {name}: HTTP {response.status_code} in-process", file=sys.stderr)
        counts[name] = len(queries)
    return counts


def time_pages(datasets: dict[int, tuple], requests: int) -> dict[int, dict[str, dict]]:
    """Every size's server at once, each page requested from them in turn, so a load that
    comes and goes on the machine weighs on every size alike and the ratio holds."""
    with ExitStack() as stack:
        clients = {}
        for size, (env, folder, _) in datasets.items():
            port = free_port()
            log = stack.enter_context(open(folder / "serve.log", "w"))
            server = start_server(env, port, log)
            stack.callback(stop, server)
            wait_until_answering(server, port)
            clients[size] = stack.enter_context(logged_in(port))
        samples = {size: {} for size in datasets}
        statuses = {size: {} for size in datasets}
        names = [name for name, *_ in next(iter(datasets.values()))[2]["pages"]]
        for index, name in enumerate(names):
            for n in range(requests + 2):
                for size, (_, _, built) in datasets.items():
                    _, path, with_token = built["pages"][index]
                    headers = {"Authorization": f"Bearer {built['token']}"} if with_token else {}
                    started = time.perf_counter()
                    response = clients[size].get(path, headers=headers)
                    elapsed = (time.perf_counter() - started) * 1000
                    statuses[size][name] = response.status_code
                    if n >= 2:
                        samples[size].setdefault(name, []).append(elapsed)
            medians = ", ".join(
                f"{size // 1000}k {statistics.median(samples[size][name]):.1f} ms"
                for size in datasets
            )
            print(f"  {name}: {medians}", file=sys.stderr)
    return {
        size: {
            name: {
                "p50": statistics.median(times),
                "p95": sorted(times)[round(0.95 * (len(times) - 1))],
                "status": statuses[size][name],
            }
            for name, times in by_name.items()
        }
        for size, by_name in samples.items()
    }


@contextmanager
def logged_in(port: int):
    """An HTTP client with the editor's session, logged in through the log-in form."""
    import httpx

    base = f"http://{HOST}:{port}"
    with httpx.Client(base_url=base, timeout=60) as client:
        login = client.get("/desk/login/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)
        answer = client.post(
            "/desk/login/",
            data={"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": csrf.group(1)},
            headers={"Referer": f"{base}/desk/login/"},
        )
        if answer.status_code != 302:
            raise SystemExit(f"log-in failed: HTTP {answer.status_code}")
        yield client


if __name__ == "__main__":
    main()
