"""What the OpenAPI schema says about authentication: the personal token as an
HTTP bearer scheme named "apiToken" (drf-spectacular declares the session itself,
as "cookieAuth"). Imported by ApiConfig.ready(): drf-spectacular finds an
extension by its class being defined."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
