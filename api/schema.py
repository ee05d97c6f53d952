"""drf-spectacular hooks: the schema describes this API, not Wagtail's admin API."""

PREFIX = "/api/v1/"


def only_this_api(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PREFIX)]
