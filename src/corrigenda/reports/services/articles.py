"""Articles and their revisions: a new text, and what follows when it becomes current."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from corrigenda.anchoring.text import (
    content_hash,
    normalize_article_text,
)

from ..models import (
    ApiToken,
    Article,
    Event,
    Revision,
    Site,
)


def article_metadata(title: str, section: str, author: str) -> dict[str, str]:
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


def record_revision(article: Article, text: str, source: str) -> tuple[Revision, bool]:
    """The article's revision with this (normalised) text, created when new. A new text
    after the first re-anchors the article's open issues in the background."""
    revision, created = Revision.objects.get_or_create(
        article=article, content_hash=content_hash(text), defaults={"text": text, "source": source}
    )
    if created:
        _follow_current_text(revision)
    return revision, created


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


# Enough other articles to tell a site's page furniture from the article's own words.
SITE_HISTORY_ARTICLES = 50


def site_history_for(article: Article) -> list[str]:
    """The latest texts of the site's most recent other articles."""
    latest_text = Revision.objects.filter(article=OuterRef("pk")).order_by(*Revision.NEWEST_FIRST)
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
) -> "PushedText":
    """A publisher's current text of an article: stored (normalised) as a revision,
    created when new, which re-anchors the article's open issues in the background. An
    older text pushed again (a reverted edit) becomes the current revision once more and
    re-anchors them too."""
    text = normalize_article_text(text)
    with transaction.atomic():
        article, new_article = Article.objects.get_or_create(
            site=site,
            canonical_url=canonical_url,
            defaults=article_metadata(title, section, author),
        )
        if not new_article:
            update_article_metadata(article, title, section, author)
        revision, created = record_revision(article, text, Revision.Source.API)
        current_again = not created and article.latest_revision.pk != revision.pk
        if current_again:
            _make_current_again(revision, via=via)
        if created:
            Event.objects.create(
                site=site,
                action="article.revision_received",
                detail={
                    "article": article.pk,
                    "revision": revision.pk,
                    "token": via.prefix if via else None,
                },
            )
    return PushedText(revision, created, reanchoring=created or current_again)


@dataclass(frozen=True)
class PushedText:
    revision: Revision
    created: bool
    reanchoring: bool  # the article's open issues are being carried onto this text


def _make_current_again(revision: Revision, *, via: ApiToken | None) -> None:
    """The publisher's text is an older one again (an edit was reverted): it becomes the
    current revision, and open issues and checks follow it as for a new text."""
    revision.current_since = timezone.now()
    revision.save(update_fields=["current_since"])
    Event.objects.create(
        site_id=revision.article.site_id,
        action="article.revision_restored",
        detail={
            "article": revision.article_id,
            "revision": revision.pk,
            "token": via.prefix if via else None,
        },
    )
    _follow_current_text(revision)
