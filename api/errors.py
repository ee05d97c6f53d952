"""The API's refusals: each a JSON body {"detail": "..."} saying why, and each
declared in the schema of the operations that can answer it."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import APIException

from .serializers import ErrorSerializer


class BadRequest(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "The request is not valid."
    default_code = "bad_request"


class Gone(APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This is no longer available."
    default_code = "gone"


MEANINGS = {
    400: "A parameter is not valid; `detail` says which and why.",
    401: "No valid API token or session.",
    403: "The user may not do or see this; `detail` says why.",
    404: "No such item, or one this user may not see.",
    409: "Not possible as things stand (e.g. acknowledged already).",
    410: "Gone: withdrawn or disposed of.",
    429: "Too many requests for this token; retry after `Retry-After` seconds.",
}
ALWAYS = (401, 403, 429)


def errors(*codes: int) -> dict:
    """The error responses of an operation for its schema: those it names, and
    those every operation can give."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=MEANINGS[code])
        for code in sorted({*codes, *ALWAYS})
    }
