from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "corrigenda.public"
    label = "public"
    verbose_name = "Public pages"
