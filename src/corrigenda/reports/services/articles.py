"""Articles and their revisions: a new text, and what follows when it becomes current."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from corrigenda.anchoring.text import (
    content_hash,
    normalize_article_text,
)
from corrigenda.extraction import (
    PageUnreadable,
    article_from_page,
    fetch_page,
    strip_title_suffix,
)

from ..models import (
    ApiToken,
    Article,
    Event,
    Revision,
    Site,
)


def article_metadata(title: str, section: str, author: str) -> dict[str, str]:
    # The widget sends document.title, which carries the site's suffix.
    title = strip_title_suffix(title)
    return {"title": title[:500], "section": section[:200], "author": author[:200]}


def update_article_metadata(article: Article, title: str, section: str, author: str) -> None:
    """Keep what the page or the CMS says now; a value it leaves out keeps the stored one.
    Writes only when something changed, which is rare."""
    given = article_metadata(title, section, author)
    changed = [name for name, value in given.items() if value and getattr(article, name) != value]
    for name in changed:
        setattr(article, name, given[name])
    if changed:
        article.save(update_fields=changed)


@dataclass(frozen=True)
class PushedText:
    revision: Revision
    # A text new to the article's confirmed history (it may have been a reader's copy).
    created: bool
    reanchoring: bool  # the article's open issues are being carried onto this text


def record_revision(
    article: Article, text: str, source: str, *, via: ApiToken | None = None
) -> PushedText:
    """The article's text as its publisher pushed it (`Revision.Source.API`) or as the
    server fetched it from the page (`FETCH`), normalised: it becomes the current text.

    A new text is stored; a reader's copy with the same text is confirmed; an older text
    again (a reverted edit) becomes current once more. In each case the open issues are
    carried onto it and it is checked, in the background once committed."""
    revision, created = Revision.objects.get_or_create(
        article=article, content_hash=content_hash(text), defaults={"text": text, "source": source}
    )
    token = via.prefix if via else None
    if created:
        action = "article.revision_received"
    elif not revision.is_confirmed:
        action = "article.revision_confirmed"
        revision.source, revision.client_hash = source, ""
    elif article.latest_revision != revision:
        action = "article.revision_restored"
    else:
        return PushedText(revision, created=False, reanchoring=False)
    if not created:
        revision.current_since = timezone.now()
        revision.save(update_fields=["current_since", "source", "client_hash"])
    Event.objects.create(
        site_id=article.site_id,
        action=action,
        detail={"article": article.pk, "revision": revision.pk, "source": source, "token": token},
    )
    _follow_current_text(revision)
    return PushedText(revision, created=action != "article.revision_restored", reanchoring=True)


def _follow_current_text(revision: Revision) -> None:
    """Once committed, carry the open issues onto the article's now-current text and
    check it."""
    transaction.on_commit(lambda: _enqueue_reanchoring(revision))
    transaction.on_commit(lambda: _enqueue_checks(revision))


def _enqueue_reanchoring(revision: Revision) -> None:
    from ..tasks import reanchor_article

    reanchor_article.enqueue(revision.pk)


def _enqueue_checks(revision: Revision) -> None:
    from ..tasks import check_revision_task

    check_revision_task.enqueue(revision.pk)


# A reader's copy is what one reader's page showed: kept only to place their report until
# the article's text is confirmed, and only a few, so nobody can fill the disk with texts.
READER_COPIES_PER_ARTICLE = 5
# Per client and site; the client hash changes daily.
READER_COPIES_PER_CLIENT = 3


def record_reader_copy(article: Article, text: str, client_hash: str) -> Revision:
    """The text a reader's browser sent for the article, kept unconfirmed (never the
    current text); the oldest copies past the caps per article and per client are
    dropped (their reports stay, with their quotes)."""
    revision, created = Revision.objects.get_or_create(
        article=article,
        content_hash=content_hash(text),
        defaults={
            "text": text,
            "source": Revision.Source.WIDGET,
            "current_since": None,
            "client_hash": client_hash,
        },
    )
    if created:
        copies = Revision.objects.filter(current_since__isnull=True)
        excess = [
            *copies.filter(article=article)
            .order_by("-id")
            .values_list("id", flat=True)[READER_COPIES_PER_ARTICLE:],
            *copies.filter(article__site_id=article.site_id, client_hash=client_hash)
            .order_by("-id")
            .values_list("id", flat=True)[READER_COPIES_PER_CLIENT:],
        ]
        if excess:
            Revision.objects.filter(id__in=excess).delete()
    return revision


# At most one fetch of an article's page in this long, however many readers report on it.
FETCH_INTERVAL_SECONDS = 300


def request_fetch(article: Article) -> None:
    """Ask the worker to fetch the article's page, once committed, unless it was asked
    within FETCH_INTERVAL_SECONDS."""
    if cache.add(f"article-fetch:{article.pk}", True, FETCH_INTERVAL_SECONDS):
        transaction.on_commit(lambda: _enqueue_fetch(article))


def _enqueue_fetch(article: Article) -> None:
    from ..tasks import fetch_article

    fetch_article.enqueue(article.pk)


# A news page with its markup; each read and connect is bounded too.
FETCH_MAX_BYTES = 5 * 1024 * 1024
FETCH_TIMEOUT_SECONDS = 10.0


def fetch_current_text(article: Article) -> PushedText | None:
    """Read the article's page at its canonical URL, which must be on one of the site's
    allowed origins (so must every redirect), and record its text and metadata as the
    article's current ones. None, with an Event saying why, when it cannot be read."""
    site = article.site
    try:
        if not site.allows_url(article.canonical_url):
            raise PageUnreadable("The address is not on one of the site's allowed origins.")
        page = fetch_page(
            article.canonical_url,
            timeout=FETCH_TIMEOUT_SECONDS,
            max_bytes=FETCH_MAX_BYTES,
            may_visit=site.allows_url,
            user_agent="Corrigenda (fetching the article reported on)",
        )
        extracted = article_from_page(
            page.content, page.charset, page.url, container_selectors=(site.article_selector,)
        )
    except PageUnreadable as error:
        Event.objects.create(
            site_id=site.pk,
            action="article.fetch_failed",
            detail={"article": article.pk, "reason": str(error)[:500]},
        )
        return None
    with transaction.atomic():
        update_article_metadata(
            article, extracted.title or "", extracted.section or "", extracted.author or ""
        )
        return record_revision(article, extracted.text, Revision.Source.FETCH)


# Enough other articles to tell a site's page furniture from the article's own words.
SITE_HISTORY_ARTICLES = 50


def site_history_for(article: Article) -> list[str]:
    """The latest texts of the site's most recent other articles."""
    latest_text = Revision.objects.filter(
        article=OuterRef("pk"), current_since__isnull=False
    ).order_by(*Revision.NEWEST_FIRST)
    texts = (
        Article.objects.filter(site_id=article.site_id)
        .exclude(pk=article.pk)
        .order_by("-created", "-id")
        .annotate(latest_text=Subquery(latest_text.values("text")[:1]))
        .values_list("latest_text", flat=True)[:SITE_HISTORY_ARTICLES]
    )
    return [text for text in texts if text is not None]


def receive_article_revision(
    site: Site,
    *,
    canonical_url: str,
    title: str,
    text: str,
    via: ApiToken | None = None,
    section: str = "",
    author: str = "",
) -> PushedText:
    """A publisher's current text of an article (the publisher API): its metadata and
    its text (see `record_revision`)."""
    text = normalize_article_text(text)
    with transaction.atomic():
        article, new_article = Article.objects.get_or_create(
            site=site,
            canonical_url=canonical_url,
            defaults=article_metadata(title, section, author),
        )
        if not new_article:
            update_article_metadata(article, title, section, author)
        return record_revision(article, text, Revision.Source.API, via=via)
