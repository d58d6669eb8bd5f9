"""The one way dates and ages are written for people: a correction's date under the
article, in the preview, the public log, the feed and the JSON all come from
`long_date`, in the site's language."""

from datetime import date, datetime, timedelta

from django.utils import formats, timezone, translation
from django.utils.timesince import timesince
from django.utils.translation import gettext

JUST_NOW = timedelta(minutes=1)


def long_date(moment: date | datetime, language: str) -> str:
    """ "2 December 2026" for an English site, "2. Dezember 2026" for a German one: the
    language's DATE_FORMAT (corrigenda/formats/ for English), in the desk's time zone."""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    with translation.override(language or "en"):
        return formats.date_format(moment, "DATE_FORMAT")


def ago(moment: datetime, now: datetime | None = None) -> str:
    """ "just now", "3 minutes ago", "2 days ago": one unit, as people say it."""
    now = now or timezone.now()
    if now - moment < JUST_NOW:
        return gettext("just now")
    return gettext("%(time)s ago") % {"time": timesince(moment, now, depth=1)}
