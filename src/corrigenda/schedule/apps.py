from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "corrigenda.schedule"
    verbose_name = "Periodic tasks"
