from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "adaldyq.screening"
    label = "screening"
