from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "corrigenda.reports"
    label = "reports"
    verbose_name = "Reports and issues"
