from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "adaldyq.core"
    label = "core"
    verbose_name = "Adaldyq core"
