from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "corrigenda.desk"
    label = "desk"
    verbose_name = "Editors' desk"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (drops kept daily figures when they change)
