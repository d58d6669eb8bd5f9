"""Template filters of the desk's diffs."""

from django import template

from corrigenda.desk.passages import PassageDiff, word_diff
from corrigenda.reports.models import EditedPassage

register = template.Library()


@register.filter
def change_diff(passage: EditedPassage) -> PassageDiff:
    """One change of an edit made without a correction, its sentence before and after,
    word by word."""
    return word_diff(passage.before, passage.after)
