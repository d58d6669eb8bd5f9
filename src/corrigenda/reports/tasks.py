"""Background work on reports and revisions, run by `corrigenda worker` (inside `serve`).

As in every app: tasks import the app's services; a service queues a task through an
import inside the function that queues it, since tasks depend on services."""

from django_tasks import task

from . import services
from .models import Article, Revision


@task()
def reanchor_article(revision_id: int) -> int:
    """Carry the article's open issues onto a newly seen revision; returns how many."""
    revision = Revision.objects.select_related("article").filter(pk=revision_id).first()
    return services.reanchor_open_issues(revision) if revision else 0


@task()
def check_revision_task(revision_id: int) -> int:
    """Run the site's automatic checks on a newly seen revision, and note what the edit
    changed without a correction; returns how many findings the checks opened."""
    revision = Revision.objects.select_related("article__site").filter(pk=revision_id).first()
    if revision is None:
        return 0
    services.note_uncorrected_changes(revision)
    return services.check_revision(revision).opened


@task()
def open_due_uncorrected_changes() -> int:
    """Open the edits whose grace for a correction is up; returns how many."""
    return services.open_due_uncorrected_changes()


@task()
def fetch_article(article_id: int) -> bool:
    """Fetch the article's page and record its text as the current one; whether it could."""
    article = Article.objects.select_related("site").filter(pk=article_id).first()
    return services.fetch_current_text(article) is not None if article else False
