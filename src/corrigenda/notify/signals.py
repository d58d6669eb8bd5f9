"""Keep each site's cached "anyone listening" flag in step with preferences and webhooks."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import NotificationPreference, Webhook
from .selectors import forget_listeners


@receiver([post_save, post_delete], sender=NotificationPreference)
@receiver([post_save, post_delete], sender=Webhook)
def forget_cached_listeners(sender, instance, **kwargs) -> None:
    site_id = instance.site_id
    forget_listeners(site_id)
    # Again after commit: a report in between may have cached what the database said before.
    transaction.on_commit(lambda: forget_listeners(site_id))
