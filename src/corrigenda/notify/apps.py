from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "corrigenda.notify"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the cache invalidation)
