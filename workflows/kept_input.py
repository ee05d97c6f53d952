"""What someone typed into one of the small forms of records and dispositions
(a reason, a comment, a number), kept across the redirect that follows a refusal
so that nothing typed is lost: the page they return to fills it in again."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "itsms_kept_input"
MAX_CHARS = 4000


def keep(request, form_key: str, fields=("reason", "comment", "number", "method")):
    request.session[SESSION_KEY] = {
        "form": form_key,
        "data": {
            name: request.POST.get(name, "")[:MAX_CHARS]
            for name in fields
            if name in request.POST
        },
    }


def kept(request) -> dict[str, dict]:
    """{form key: {field: value}} of the form last refused, given once."""
    stored = request.session.pop(SESSION_KEY, None)
    if not isinstance(stored, dict):
        return {}
    return {stored.get("form", ""): stored.get("data", {})}


def back_to(request, default: str) -> str:
    """Where the form was: `next` when it is a path on this site."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def refused(request, form_key: str, reasons, default: str):
    """Say why, keep what was typed, and go back to the form."""
    for reason in reasons:
        messages.error(request, reason)
    keep(request, form_key)
    return redirect(back_to(request, default))


def form_reasons(form) -> list[str]:
    return [reason for errors in form.errors.values() for reason in errors]


def error_reasons(error) -> list[str]:
    return list(getattr(error, "messages", None) or [str(error)])
