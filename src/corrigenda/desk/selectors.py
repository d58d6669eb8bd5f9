"""Reads of an editor's own desk settings and saved views."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from .models import DeskSettings, SavedView

# Number keys 1-9 switch between the first nine.
MAX_SAVED_VIEWS = 9


def shortcuts_enabled(user: AbstractBaseUser) -> bool:
    if not user.is_authenticated:
        return False
    stored = DeskSettings.objects.filter(user=user).values_list("shortcuts_enabled", flat=True)
    return next(iter(stored), True)


def saved_views_of(user: AbstractBaseUser) -> QuerySet[SavedView]:
    return SavedView.objects.filter(user=user)


def editor_language(user: AbstractBaseUser) -> str:
    """The language the editor picked; "" means their browser's."""
    stored = DeskSettings.objects.filter(user=user).values_list("language", flat=True)
    return next(iter(stored), "")
