"""The note the desk suggests from what readers flagged: the words that were wrong and the
words that are right, quoted cleanly, in the site's language."""

import re

from django.utils import translation
from django.utils.translation import gettext

# Sentence punctuation and quotation marks at either end of a quoted fragment: the note
# adds its own, so "…£24 million.”." cannot happen.
_EDGES = re.compile(r"^[\s\"'“”‘’«»„]+|[\s\"'“”‘’«»„.,;:!?…]+$")


def wrong_words(said: str, correct: str) -> tuple[str, str]:
    """The part of `said` that `correct` changes, and what it becomes: the words both
    share at the start and at the end are left out (compared without punctuation), so a
    whole flagged sentence shrinks to the words that were wrong."""
    before, after = said.split(), correct.split()

    def same(a: str, b: str) -> bool:
        return _bare(a) == _bare(b)

    start = 0
    while start < min(len(before), len(after)) and same(before[start], after[start]):
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and same(before[-1 - end], after[-1 - end]):
        end += 1
    # A figure reads with its unit: "£24 million", not "£24".
    if end and all(any(c.isdigit() for c in word) for word in before[start : len(before) - end]):
        end -= 1
    wrong = before[start : len(before) - end]
    right = after[start : len(after) - end]
    if not wrong or not right:
        # Words only added or only removed: quote the whole passage, or nothing is quoted.
        return _clean(said), _clean(correct)
    return _clean(" ".join(wrong)), _clean(" ".join(right))


def suggested_note(said: str, correct: str, language: str) -> str:
    """ "An earlier version of this article said “£24 million”. It should have said
    “£34 million”." in the site's language; "" when either part is missing."""
    if not said.strip() or not correct.strip():
        return ""
    wrong, right = wrong_words(said, correct)
    with translation.override(language or "en"):
        return gettext(
            "An earlier version of this article said “%(wrong)s”. It should have said “%(right)s”."
        ) % {"wrong": wrong, "right": right}


def _bare(word: str) -> str:
    return _EDGES.sub("", word).casefold()


def _clean(text: str) -> str:
    return _EDGES.sub("", " ".join(text.split()))
