from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "adaldyq.transparency"
    verbose_name = "Transparency log"

    def ready(self) -> None:
        # Here, not at the top: models may be imported only once the apps are loaded.
        from adaldyq.core import history
        from adaldyq.transparency import sequencer

        history.appended.connect(sequencer.on_appended, dispatch_uid="adaldyq.transparency.enqueue")
