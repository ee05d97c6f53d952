"""The sign-off page: where reviewers and approvers read what changed and decide,
with their password. Every route to a decision leads here (dashboard, editor header,
e-mail); Wagtail's one-click approve is not offered (ControlledDocumentTask)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import Page, TaskState

from policies.access import may_read
from policies.models import ControlledDocumentPage, Significance
from policies.roles import may_compare

from .. import diff
from ..actions.sign_off import APPROVE, REJECT, IdentityNotConfirmed, SignOffAction
from ..models import ControlledDocumentTask, SignOff
from ..selectors import current_issue, next_label, who_may_sign

OUTCOMES = {
    "approved": "Signed: {meaning}.",
    "rejected": "Returned to the owner with your comment.",
    "restarted": "The draft changed after it was submitted: review starts again on "
    "the new draft, and nothing was signed.",
}


class SignOffForm(forms.Form):
    decision = forms.ChoiceField(widget=forms.RadioSelect)
    comment = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you send the draft back.",
    )
    password = forms.CharField(
        label="Your password, to sign",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (APPROVE, task.sign_off_meaning),
            (REJECT, task.reject_label),
        ]

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("decision") == REJECT
            and not (cleaned_data.get("comment") or "").strip()
        ):
            self.add_error(
                "comment",
                "Say what must change: the owner reads your comment with the draft.",
            )
        return cleaned_data


def task_state_for(
    task_state_id: int, user
) -> tuple[TaskState, ControlledDocumentTask]:
    """The task state, for those who may see the draft it is bound to: the
    document's readers who compare drafts (its owner, reviewers, approvers,
    auditors). 404 for everyone else, a confidential document's existence
    included."""
    task_state = get_object_or_404(
        TaskState.objects.select_related("revision", "workflow_state"),
        pk=task_state_id,
    )
    task = task_state.task.specific
    if not isinstance(task, ControlledDocumentTask):
        raise Http404("Not a document review or approval.")
    document = ControlledDocumentPage.objects.filter(
        pk=task_state.workflow_state.object_id
    ).first()
    if document is not None and not (
        may_read(user, document) and may_compare(user, document)
    ):
        raise Http404("Not a document review or approval.")
    return task_state, task


def changes(document: ControlledDocumentPage, draft_content: dict) -> dict:
    """What the draft changes against the issue in force; for a first issue, None
    (the page shows the document itself)."""
    current = current_issue(document)
    if current is None:
        return {"current": None}
    return {
        "current": current,
        **diff.compare(
            document.specific_class, current.revision.content, draft_content
        ),
    }


def sign_off(request, task_state_id):
    task_state, task = task_state_for(task_state_id, request.user)
    form = SignOffForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = SignOffAction(
                task_state,
                user=request.user,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                password=form.cleaned_data["password"],
                request=request,
            ).execute()
        except IdentityNotConfirmed as error:
            form.add_error("password", str(error))
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            # Not theirs to sign (any more): as Wagtail answers a refused action.
            messages.error(request, str(error))
            return redirect("wagtailadmin_home")
        else:
            messages.success(
                request, OUTCOMES[outcome].format(meaning=task.sign_off_meaning)
            )
            return redirect("wagtailadmin_home")
    return TemplateResponse(
        request,
        "workflows/sign_off.html",
        sign_off_context(task_state, task, request.user, form),
    )


def sign_off_context(task_state, task, user, form) -> dict:
    draft = task_state.revision.as_object()
    is_document = isinstance(draft, ControlledDocumentPage)
    context = {
        "task_state": task_state,
        "task": task,
        "draft": draft,
        "is_document": is_document,
        "workflow_state": task_state.workflow_state,
        "refusal": task.sign_off_refusal(task_state, user, draft),
        "nobody_left": task_state.status == TaskState.STATUS_IN_PROGRESS
        and not who_may_sign(task_state, draft).exists(),
        "form": form,
        "signed": SignOff.objects.filter(
            task_state__workflow_state=task_state.workflow_state,
            task_state__revision=task_state.revision,
        ).select_related("user"),
    }
    if is_document:
        significance = task_state.revision.content.get("significance")
        context.update(changes(draft, task_state.revision.content))
        context.update(
            next_label=next_label(context["current"], significance),
            significance=Significance(significance).label if significance else "",
            change_summary=task_state.revision.content.get("change_summary", ""),
        )
    return context


def sign_off_for_page(request, page_id):
    """The sign-off page of a document's current task: the stable link of e-mails
    and of the editor's header."""
    page = get_object_or_404(Page, pk=page_id)
    task_state = page.current_workflow_task_state
    if task_state is None:
        messages.info(request, "Nothing of this page awaits a sign-off.")
        return redirect("wagtailadmin_home")
    return redirect(reverse("sign_off", args=(task_state.pk,)))
