"""Each editor's own desk: their settings and the queue views they saved.

Changed through `desk.services`; these belong to a person, not to a site, so no site's
audit trail records them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeskSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_settings"
    )
    # WCAG 2.1.4: single-key shortcuts can be turned off (speech input types letters).
    shortcuts_enabled = models.BooleanField(
        default=True,
        verbose_name=_("Single-key shortcuts"),
        help_text=_("Keys such as a (accept) and j/k (move) act on the desk."),
    )
    # One of settings.LANGUAGES (the form offers those); blank: the browser's language.
    language = models.CharField(_("language"), max_length=10, blank=True)

    def __str__(self) -> str:
        return f"desk settings of {self.user}"


class SavedView(models.Model):
    """A named set of queue filters: the queue's query string, so a link shares it too."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=2000, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="one_saved_view_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
