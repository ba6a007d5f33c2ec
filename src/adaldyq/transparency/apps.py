from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "adaldyq.transparency"
    verbose_name = "Transparency log"
