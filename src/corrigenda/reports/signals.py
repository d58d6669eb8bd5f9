"""Keep cached copies of sites in step with the database."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Site
from .selectors import site_cache_key


@receiver([post_save, post_delete], sender=Site)
def forget_cached_site(sender, instance: Site, **kwargs) -> None:
    cache.delete(site_cache_key(instance.key))
