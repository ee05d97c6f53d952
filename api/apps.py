from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API (/api/v1/): the site's reads and the writes an integration
    needs, asking the same selectors and actions as the pages."""

    name = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # drf-spectacular registers an extension when its class is defined.
        from . import schema  # noqa: F401
