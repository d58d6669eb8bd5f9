from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "corrigenda.reports"
    label = "reports"
    verbose_name = "Reports and issues"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the cache invalidation)
