from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "adaldyq.risks"
    label = "risks"
