"""Readers' emails and the retention sweep, run by `corrigenda worker`."""

from django_tasks import task

from corrigenda.corrections.models import Correction
from corrigenda.reports.models import Report

from . import services
from .models import ReaderAddress


@task()
def send_confirmation(report_id: int) -> bool:
    """Ask the reader who left an email on the report to confirm it; whether one was sent."""
    report = Report.objects.select_related("site", "article").filter(pk=report_id).first()
    return services.ask_to_confirm(report) if report else False


@task()
def send_correction_notice(address_id: int, correction_id: int) -> bool:
    """Tell one reader of a published correction; whether an email was sent."""
    address = ReaderAddress.objects.select_related("site").filter(pk=address_id).first()
    correction = Correction.objects.select_related("article").filter(pk=correction_id).first()
    if address is None or correction is None:
        return False  # erased, or the correction deleted, since it was queued
    return services.tell_of_correction(address, correction)


@task()
def forget_expired_emails() -> dict[str, int]:
    """Blank reporters' emails past their site's retention period (see PERIODIC_TASKS)."""
    forgotten = services.forget_expired_emails()
    return {"reports": forgotten.reports, "addresses": forgotten.addresses}
