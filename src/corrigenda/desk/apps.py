from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "corrigenda.desk"
    label = "desk"
    verbose_name = "Editors' desk"
