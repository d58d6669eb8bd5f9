"""What each editor chose for their own desk."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EditorSettings(models.Model):
    """One editor's choices, made on their settings page (desk.services changes them)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_settings"
    )
    # One of settings.LANGUAGES (the form offers those); blank: the browser's language.
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("editor's settings")
        verbose_name_plural = _("editors' settings")

    def __str__(self) -> str:
        return f"settings of {self.user}"
