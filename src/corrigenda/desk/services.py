"""Changes to an editor's own desk: their settings and saved queue views."""

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from .models import DeskSettings, SavedView
from .selectors import MAX_SAVED_VIEWS


class SavedViewError(Exception):
    """The view cannot be saved; the message says why."""


def set_shortcuts(user: AbstractBaseUser, *, enabled: bool) -> DeskSettings:
    stored, _created = DeskSettings.objects.update_or_create(
        user=user, defaults={"shortcuts_enabled": enabled}
    )
    return stored


def set_editor_language(user: AbstractBaseUser, language: str) -> DeskSettings:
    """Keep the editor's language ("" for the browser's) with their account."""
    stored, _created = DeskSettings.objects.update_or_create(
        user=user, defaults={"language": language}
    )
    return stored


def save_view(user: AbstractBaseUser, name: str, query: str) -> SavedView:
    """Save the queue's filters under `name`; the same name again replaces its filters."""
    existing = SavedView.objects.filter(user=user, name=name).first()
    if existing is None and SavedView.objects.filter(user=user).count() >= MAX_SAVED_VIEWS:
        raise SavedViewError(
            _("You have %(count)s saved views already; delete one first.")
            % {"count": MAX_SAVED_VIEWS}
        )
    view, _created = SavedView.objects.update_or_create(
        user=user, name=name, defaults={"query": query}
    )
    return view


def delete_view(view: SavedView) -> None:
    view.delete()
