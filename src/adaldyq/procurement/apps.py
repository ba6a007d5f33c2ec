from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "adaldyq.procurement"
    label = "procurement"
