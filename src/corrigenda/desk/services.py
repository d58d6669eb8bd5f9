"""Changes an editor makes to their own desk. No Event: events belong to a site, and an
editor's language is theirs alone."""

from django.contrib.auth.models import AbstractBaseUser

from .models import EditorSettings


def set_editor_language(user: AbstractBaseUser, language: str) -> EditorSettings:
    """Keep the editor's language ("" for the browser's) with their account."""
    chosen, _ = EditorSettings.objects.update_or_create(user=user, defaults={"language": language})
    return chosen
