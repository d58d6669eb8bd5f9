from django.apps import AppConfig


class ReadersConfig(AppConfig):
    name = "corrigenda.readers"
    verbose_name = "Readers' emails"
