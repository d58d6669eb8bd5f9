"""Drop a site's kept daily figures (`DailySiteFigures`) when what they counted changes."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from corrigenda.reports.models import Event, Issue

from .models import DailySiteFigures


@receiver(post_save, sender=Event)
def forget_figures_of_a_status_change(sender, instance: Event, created: bool, **kwargs) -> None:
    """Every status change writes an Event (`change_status`): its issue's first-reported
    day counts triage, acceptance and the times to triage and fix, and a move into or out
    of spam changes the reports counted on the days its reports came."""
    if not created or instance.action != "issue.status" or instance.issue is None:
        return
    issue = instance.issue
    days = {timezone.localdate(issue.created)}
    if Issue.Status.SPAM in (instance.detail.get("from"), instance.detail.get("to")):
        days |= {timezone.localdate(c) for c in issue.reports.values_list("created", flat=True)}
    # Today's figures are never kept.
    days = {day for day in days if day < timezone.localdate()}
    if not days:
        return
    site_id = instance.site_id

    def forget() -> None:
        DailySiteFigures.objects.filter(site_id=site_id, day__in=days).delete()

    forget()
    # Again after commit: a metrics view in between may have kept what was there before.
    transaction.on_commit(forget)
