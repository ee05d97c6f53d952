from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Document approval"

    def ready(self):
        from . import signal_handlers  # models are ready only now

        signal_handlers.register()
