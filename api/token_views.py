"""The pages where each person makes and revokes their own API tokens, on the
site rather than in the Wagtail admin: staff, who have no admin access, need
tokens too. An administrator also sees every active token, to cut off a leaked
one."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .actions import NAME_MAX_LENGTH, CreateApiTokenAction, RevokeApiTokenAction
from .models import DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS, ApiToken

EXPIRY_LABELS = {7: "7 days", 30: "30 days", 90: "90 days", 365: "1 year"}


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=NAME_MAX_LENGTH,
        help_text="What the token is for, e.g. “Service desk integration”.",
        error_messages={
            "required": "Give the token a name: what it is for.",
            "max_length": f"A name is at most {NAME_MAX_LENGTH} characters.",
        },
    )
    days = forms.TypedChoiceField(
        label="Expires after",
        choices=[(days, EXPIRY_LABELS[days]) for days in EXPIRY_DAYS],
        coerce=int,
        initial=DEFAULT_EXPIRY_DAYS,
        error_messages={
            "required": "Choose when the token expires.",
            "invalid_choice": "Choose 7, 30, 90 or 365 days.",
        },
    )


def tokens_revocable_by(user):
    tokens = ApiToken.objects.select_related("user")
    return tokens if user.is_superuser else tokens.filter(user=user)


def token_list(request):
    return TemplateResponse(
        request,
        "api/tokens/list.html",
        {"tokens": ApiToken.objects.filter(user=request.user)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def token_new(request):
    form = NewTokenForm(request.POST) if request.method == "POST" else NewTokenForm()
    if request.method == "POST" and form.is_valid():
        action = CreateApiTokenAction(
            user=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
        try:
            token, secret = action.execute()
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            # Shown in this response only: never in the session, a message or a
            # URL, so no later page, log or history entry holds it.
            return TemplateResponse(
                request, "api/tokens/created.html", {"token": token, "secret": secret}
            )
    return TemplateResponse(
        request,
        "api/tokens/new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def token_revoke(request, pk):
    """GET asks for confirmation; POST revokes. Someone else's token does not
    exist (404), except for an administrator."""
    token = get_object_or_404(tokens_revocable_by(request.user), pk=pk)
    back = "api_tokens" if token.user_id == request.user.pk else "api_tokens_all"
    error = None
    if request.method == "POST":
        try:
            RevokeApiTokenAction(token, user=request.user).execute()
        except (PermissionDenied, ValidationError) as refusal:
            error = " ".join(getattr(refusal, "messages", [str(refusal)]))
        else:
            messages.success(
                request,
                f"Revoked {token}: it no longer gives access to the API.",
            )
            return redirect(back)
    return TemplateResponse(
        request,
        "api/tokens/revoke.html",
        {"token": token, "back": back, "error": error},
        status=400 if error else 200,
    )


def token_list_all(request):
    if not request.user.is_superuser:
        raise PermissionDenied("Every user's tokens are for administrators.")
    return TemplateResponse(
        request,
        "api/tokens/all.html",
        {"tokens": ApiToken.objects.active().select_related("user")},
    )
