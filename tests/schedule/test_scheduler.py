"""The worker queues each periodic task when its interval is up, and not before."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from corrigenda.schedule.scheduler import enqueue_due_tasks

pytestmark = pytest.mark.django_db

HOURLY = "tests.schedule.test_scheduler.hourly"
EVERY_MINUTE = "tests.schedule.test_scheduler.every_minute"


@task()
def hourly() -> None:
    """A periodic task for these tests."""


@task()
def every_minute() -> None:
    """Another one."""


@pytest.fixture
def periodic(settings):
    settings.PERIODIC_TASKS = [(HOURLY, 3600), (EVERY_MINUTE, 60)]


def queued() -> list[str]:
    return list(
        DBTaskResult.objects.order_by("enqueued_at", "id").values_list("task_path", flat=True)
    )


def test_each_task_is_queued_when_its_interval_is_up(periodic):
    start = timezone.now()

    assert enqueue_due_tasks(start) == [HOURLY, EVERY_MINUTE]
    assert enqueue_due_tasks(start + timedelta(seconds=59)) == []
    assert enqueue_due_tasks(start + timedelta(seconds=60)) == [EVERY_MINUTE]
    assert enqueue_due_tasks(start + timedelta(seconds=61)) == []
    assert enqueue_due_tasks(start + timedelta(seconds=3600)) == [HOURLY, EVERY_MINUTE]

    assert queued() == [HOURLY, EVERY_MINUTE, EVERY_MINUTE, HOURLY, EVERY_MINUTE]


def test_a_restarted_worker_does_not_queue_again_early(periodic):
    start = timezone.now()
    enqueue_due_tasks(start)

    # What a freshly started worker does first: the state is in the database, not in memory.
    assert enqueue_due_tasks(start + timedelta(seconds=1)) == []
    assert len(queued()) == 2


def test_the_retention_sweep_is_scheduled():
    # settings.py as shipped: the readers' emails are forgotten without cron.
    assert "corrigenda.readers.tasks.forget_expired_emails" in enqueue_due_tasks()
    assert "corrigenda.readers.tasks.forget_expired_emails" in queued()
