from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "adaldyq.cooperation"
    label = "cooperation"
