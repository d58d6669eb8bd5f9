"""Queue each task of settings.PERIODIC_TASKS when its interval is up.

`corrigenda worker` calls `enqueue_due_tasks` every few seconds from a thread beside the
task worker, so scheduled work needs no cron. Claiming a run is one conditional UPDATE,
so any number of workers queue each run once.
"""

import logging
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import PeriodicRun

logger = logging.getLogger(__name__)

# How often the worker looks for due tasks; intervals are minutes to days, so this is plenty.
TICK_SECONDS = 30.0


def enqueue_due_tasks(now: datetime | None = None) -> list[str]:
    """Queue every periodic task whose interval has passed since it was last queued
    (or that was never queued); returns their dotted paths."""
    now = now or timezone.now()
    queued = []
    for path, interval_seconds in settings.PERIODIC_TASKS:
        with transaction.atomic():
            if not _claim(path, timedelta(seconds=interval_seconds), now):
                continue
            # In the same transaction as the claim: a run is claimed only if it is queued.
            import_string(path).enqueue()
        queued.append(path)
    return queued


def _claim(path: str, interval: timedelta, now: datetime) -> bool:
    claimed = PeriodicRun.objects.filter(task=path, last_enqueued__lte=now - interval).update(
        last_enqueued=now
    )
    if claimed:
        return True
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(task=path, last_enqueued=now)
    except IntegrityError:
        return False  # known, and not due yet (or another worker just claimed it)
    return True


def run_scheduler(stop: threading.Event, tick_seconds: float = TICK_SECONDS) -> None:
    """Queue due tasks until `stop` is set; a failed round is logged and retried."""
    while True:
        close_old_connections()
        try:
            for path in enqueue_due_tasks():
                logger.info("Queued periodic task %s", path)
        except Exception:
            logger.exception("Could not queue periodic tasks")
        if stop.wait(tick_seconds):
            return


def start_scheduler() -> threading.Event:
    """Run the scheduler in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=run_scheduler, args=(stop,), name="scheduler", daemon=True).start()
    return stop
