from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "adaldyq.register"
    label = "register"

    def ready(self) -> None:
        from adaldyq.register import freshness

        freshness.connect_signals()
