"""The one way dates and ages are written for people: a correction's date under the
article, in the preview, the public log, the feed and the JSON all come from
`long_date`, in the site's language (templates: `{{ value|long_date }}` in the language
the page speaks, `{{ value|long_date:site.language }}` in a site's)."""

from datetime import date, datetime, timedelta

from django.utils import formats, timezone, translation
from django.utils.timesince import timesince
from django.utils.translation import gettext

from corrigenda.languages import supported_language

JUST_NOW = timedelta(minutes=1)


def long_date(moment: date | datetime, language: str | None = None) -> str:
    """ "2 December 2026" for an English site, "2 грудня 2026 р." for a Ukrainian one,
    "2. Dezember 2026" for a German one: the DATE_FORMAT of the desk's language nearest
    `language` (en-GB is English; corrigenda/formats/ where Django's differ), or of the
    active language; the day is the desk's time zone's."""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    if language is None:
        return formats.date_format(moment, "DATE_FORMAT")
    with translation.override(supported_language(language)):
        return formats.date_format(moment, "DATE_FORMAT")


def ago(moment: datetime, now: datetime | None = None) -> str:
    """ "just now", "3 minutes ago", "2 days ago": one unit, as people say it."""
    now = now or timezone.now()
    if now - moment < JUST_NOW:
        return gettext("just now")
    return gettext("%(time)s ago") % {"time": timesince(moment, now, depth=1)}
