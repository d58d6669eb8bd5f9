"""The ingest path: when nobody listens to a site, a new issue costs one cached lookup."""

import pytest
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult

from corrigenda.notify import selectors, services
from corrigenda.notify.models import NotificationPreference
from tests.factories import submit_report

pytestmark = pytest.mark.django_db


def announcements() -> int:
    return DBTaskResult.objects.filter(task_path__startswith="corrigenda.notify.").count()


@pytest.fixture
def issue(site):
    return submit_report(site, "the the").issue


def test_nobody_listening_costs_no_query_and_queues_nothing(site, issue, django_assert_num_queries):
    services.issue_opened(issue)  # the first report after a change reads the flag once
    with django_assert_num_queries(0):
        for _ in range(3):
            services.issue_opened(issue)
    assert announcements() == 0


def test_listening_follows_preferences_and_webhooks(site, editor, issue, django_assert_num_queries):
    assert not selectors.anyone_listening(site.pk)

    services.set_preference(editor, site, mode=NotificationPreference.Mode.EACH, kinds=["typo"])
    services.issue_opened(issue)
    assert announcements() == 1
    with django_assert_num_queries(1):  # the enqueue; the flag comes from the cache
        services.issue_opened(issue)

    services.set_preference(editor, site, mode=NotificationPreference.Mode.DAILY, kinds=["typo"])
    assert not selectors.anyone_listening(site.pk)

    webhook = services.add_webhook(site, "https://hooks.example.org/", ["issue.opened"], by=None)
    assert selectors.anyone_listening(site.pk)
    services.deactivate_webhook(webhook, by=None)
    assert not selectors.anyone_listening(site.pk)


def test_a_new_issue_is_announced_on_commit(site, editor, django_capture_on_commit_callbacks):
    services.set_preference(editor, site, mode=NotificationPreference.Mode.EACH, kinds=["typo"])
    with django_capture_on_commit_callbacks(execute=True):
        submit_report(site, "the the")
    with django_capture_on_commit_callbacks(execute=True):
        submit_report(site, "the the")  # the same issue: nothing new to tell
    paths = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths.count("corrigenda.notify.tasks.announce_issue_opened") == 1


def test_the_flag_lives_in_the_shared_cache(site):
    selectors.anyone_listening(site.pk)
    assert cache.get(selectors.listening_cache_key(site.pk)) is False
