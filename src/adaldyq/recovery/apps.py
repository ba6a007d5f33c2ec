from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "adaldyq.recovery"
    label = "recovery"
