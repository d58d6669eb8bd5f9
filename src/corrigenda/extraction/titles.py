"""A headline without the page-title suffix ("… | The Riverside Courier") that news sites
add to their <title>, og:title and document.title."""

import re

# A pipe is never part of a headline; a dash or middle dot may be, so after one of those
# the last part goes only when it names the site.
_PIPE = re.compile(r"\s+[|｜]\s+")
_DASH = re.compile(r"\s+[-–—·•]\s+")


def strip_title_suffix(title: str, site_names: tuple[str, ...] = ()) -> str:
    """`title` without a trailing site name: everything after the last " | ", or after
    the last " - ", " – ", " — " or " · " when what follows names one of `site_names`."""
    title = " ".join(title.split())
    parts = _PIPE.split(title)
    if len(parts) > 1 and parts[0]:
        title = " | ".join(parts[:-1])
    names = [name.casefold() for name in site_names if name.strip()]
    separators = list(_DASH.finditer(title))
    if separators and names:
        last = separators[-1]
        suffix = title[last.end() :].casefold()
        if last.start() > 0 and any(_names_site(suffix, name) for name in names):
            title = title[: last.start()]
    return title


def _names_site(suffix: str, name: str) -> bool:
    """ "Riverside Courier" names "The Riverside Courier (demo)", ignoring case."""
    return len(suffix) >= 4 and (suffix in name or name in suffix)
