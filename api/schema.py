"""What the OpenAPI schema says beyond the views: authentication (the personal
token as an HTTP bearer scheme named "apiToken"; drf-spectacular declares the
session itself, as "cookieAuth"), that it describes /api/v1/ only, and the values
the catalogue allows where a parameter takes them. Imported by ApiConfig.ready():
drf-spectacular finds an extension by its class being defined."""

from django.db import DatabaseError
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from policies.models import Clause, ProcessArea

PREFIX = "/api/v1/"


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "itsms_ personal API token",
            "description": "A personal API token, made at /account/api-tokens/: "
            "`Authorization: Bearer itsms_...`.",
        }


def only_this_api(endpoints, **kwargs):
    """The schema describes /api/v1/ only: not Wagtail's internal admin API (under
    /admin/api/), which is no contract of ours and which drf-spectacular cannot
    describe without a request (`manage.py check --deploy` warned of it)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PREFIX)]


def enumerate_choices(result, generator, request, public):
    """The clause numbers and process-area slugs of this library as the enums of
    the `clause` and `process` parameters (two queries per schema). Without a
    database (`manage.py check` on a build machine) the schema goes without."""
    try:
        choices = {
            "clause": list(
                Clause.objects.order_by("sort_key").values_list("number", flat=True)
            ),
            "process": list(
                ProcessArea.objects.order_by("slug").values_list("slug", flat=True)
            ),
        }
    except DatabaseError:
        return result
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter["name"] in choices:
                    parameter["schema"]["enum"] = choices[parameter["name"]]
    return result
