"""When each periodic task was last queued, kept in the database so that a restarted
worker, or a second one, does not queue it again before its interval is up."""

from django.db import models


class PeriodicRun(models.Model):
    task = models.CharField(max_length=200, unique=True, help_text="Dotted path of the task.")
    last_enqueued = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.task} last queued {self.last_enqueued:%Y-%m-%d %H:%M}"
