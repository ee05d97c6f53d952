"""Query parameters several operations share. Clause numbers and process areas are
data: api.schema.enumerate_choices lists their values when the schema is built."""

from drf_spectacular.utils import OpenApiParameter

from policies.models import Clause, ControlledDocumentPage, ProcessArea
from search.answers import GUIDANCE

from .errors import BadRequest

TYPES = list(ControlledDocumentPage.document_types())

TYPE = OpenApiParameter("type", str, enum=TYPES, description="A document type.")
SEARCH_TYPE = OpenApiParameter(
    "type", str, enum=[*TYPES, GUIDANCE], description="A document type, or guidance."
)
CLAUSE_FILTER = OpenApiParameter(
    "clause", str, description="A clause number of ISO/IEC 20000-1:2018, e.g. 8.2."
)
PROCESS = OpenApiParameter("process", str, description="A process area's slug.")
OWNER = OpenApiParameter(
    "owner",
    {"type": "string", "pattern": "^[^\\x00]*$", "maxLength": 200},
    description="Words of the owner's name or username.",
)


def clause_number(params) -> str | None:
    """The `clause` parameter, which must name a clause of the catalogue."""
    value = params.get("clause")
    if not value:
        return None
    if Clause.named(value) is None:
        raise BadRequest(f"Unknown clause '{value[:80]}': use a number such as 8.2.")
    return value


def process_area(params) -> ProcessArea | None:
    value = params.get("process")
    if not value:
        return None
    area = ProcessArea.objects.filter(slug=value[:120]).first()
    if area is None:
        raise BadRequest(f"Unknown process area '{value[:80]}'.")
    return area


def owner_words(params) -> str:
    value = params.get("owner", "")
    if len(value) > 200 or "\x00" in value:
        raise BadRequest("owner: at most 200 characters, and no NUL.")
    return value.strip()
