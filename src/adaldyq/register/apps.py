from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "adaldyq.register"
    label = "register"
