"""Reads about the editor's own desk (what they may see of sites is reports.selectors)."""

from django.contrib.auth.models import AbstractBaseUser

from .models import EditorSettings


def editor_language(user: AbstractBaseUser) -> str:
    """The language the editor picked; "" means their browser's."""
    return EditorSettings.objects.filter(user=user).values_list("language", flat=True).first() or ""
