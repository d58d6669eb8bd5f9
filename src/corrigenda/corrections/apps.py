from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "corrigenda.corrections"
    default_auto_field = "django.db.models.BigAutoField"
