"""Background work on reports and revisions, run by `corrigenda worker` (inside `serve`)."""

from django_tasks import task

from .models import Revision


@task()
def reanchor_article(revision_id: int) -> int:
    """Carry the article's open issues onto a newly seen revision; returns how many."""
    from .services import reanchor_open_issues

    revision = Revision.objects.select_related("article").filter(pk=revision_id).first()
    return reanchor_open_issues(revision) if revision else 0


@task()
def check_revision_task(revision_id: int) -> int:
    """Run the site's automatic checks on a newly seen revision; returns how many findings
    it opened."""
    from .services import check_revision

    revision = Revision.objects.select_related("article__site").filter(pk=revision_id).first()
    return check_revision(revision).opened if revision else 0
