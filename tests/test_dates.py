"""One date formatter, by the site's language, for every public surface."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from corrigenda.dates import ago, long_date

DAY = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        # British English, not Django's American "Dec. 2, 2026".
        ("en", "2 December 2026"),
        ("en-gb", "2 December 2026"),
        # A language the desk does not speak: English.
        ("pt-BR", "2 December 2026"),
        ("uk", "2 грудня 2026 р."),
        ("ru", "2 декабря 2026 г."),
        ("de", "2. Dezember 2026"),
        ("fr", "2 décembre 2026"),
    ],
)
def test_long_date_in_the_sites_language(language, expected):
    assert long_date(DAY, language) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "just now"),
        (59, "just now"),
        (60, "1\xa0minute ago"),
        (3 * 60, "3\xa0minutes ago"),
        (26 * 3600, "1\xa0day ago"),
        (3 * 86400, "3\xa0days ago"),
    ],
)
# A no-break space keeps the number with its unit.
def test_ago_reads_as_people_say_it(seconds, expected):
    now = timezone.now()
    assert ago(now - timedelta(seconds=seconds), now) == expected
