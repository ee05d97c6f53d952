from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search and guidance"

    def ready(self):
        from . import signal_handlers  # models are ready only now

        signal_handlers.register()
