"""drf-spectacular hooks: the schema describes this API (not Wagtail's admin API),
and lists the values the catalogue allows where a parameter takes them."""

from policies.models import Clause, ProcessArea

PREFIX = "/api/v1/"


def only_this_api(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PREFIX)]


def enumerate_choices(result, generator, request, public):
    """The clause numbers and process-area slugs of this library as the enums of
    the `clause` and `process` parameters (two queries per schema)."""
    choices = {
        "clause": list(
            Clause.objects.order_by("sort_key").values_list("number", flat=True)
        ),
        "process": list(
            ProcessArea.objects.order_by("slug").values_list("slug", flat=True)
        ),
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter["name"] in choices:
                    parameter["schema"]["enum"] = choices[parameter["name"]]
    return result
