"""Import from Word: an owner uploads a .docx, sees what it becomes, and saves it
as a draft: of a new document, or a new draft of a document they edit.

Two steps, no state on the server between them: the preview carries the mapped body
in a signed field (django.core.signing), which the second step checks against the
same person and target before saving. Nothing is ever published here: the import
is a draft revision like any edit, and goes through approval like any edit.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.log_actions import log

from .access import visible
from .blocks import DocumentBodyBlock
from .models import ControlledDocumentPage, DocumentLibraryPage
from .models.documents import WITHDRAWN_REFUSAL
from .word_files import ImportRefused, read_upload
from .word_import import WordImport, convert

SIGNING_SALT = "policies.word_import"
PREVIEW_MAX_AGE = 3600  # seconds a preview stays good to save
# A document of outside origin holds its file, not a body written here.
NOT_IMPORTABLE = {"externaldocument"}


def importable_types() -> dict[str, type[ControlledDocumentPage]]:
    return {
        slug: model
        for slug, model in ControlledDocumentPage.document_types().items()
        if slug not in NOT_IMPORTABLE
    }


def importable_sections(user) -> list[DocumentLibraryPage]:
    """The library sections where `user` may create documents."""
    return [
        section
        for section in DocumentLibraryPage.objects.order_by("path")
        if section.permissions_for_user(user).can_add_subpage()
    ]


def may_import_new(user) -> bool:
    return bool(importable_sections(user))


def may_import_into(user, document) -> bool:
    """Only the document's editors (its owner, those its section is shared with)
    bring a Word file into it, as only they edit it."""
    permissions = document.permissions_for_user(user)
    return permissions.is_editor and permissions.can_edit()


def import_refusal(document) -> str:
    """Why the document cannot take a new draft now, or ""."""
    if document.withdrawn:
        return WITHDRAWN_REFUSAL
    if document.workflow_in_progress:
        return (
            "This document is under approval: a new draft now would restart its "
            "review. Wait for the decision (or ask the reviewer to request "
            "changes), then import again."
        )
    if document.locked:
        return "This document is locked: it cannot take a new draft until unlocked."
    return ""


class WordFileForm(forms.Form):
    file = forms.FileField(
        label="Word file (.docx)",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
        error_messages={"empty": "The file is empty: there is nothing to import."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "A Word document (.docx) of at most "
            f"{filesizeformat(settings.WORD_IMPORT_MAX_BYTES)}. Nothing is saved "
            "until you have seen the preview."
        )
        self.imported: WordImport | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.imported = convert(read_upload(upload))
        except ImportRefused as refusal:
            raise forms.ValidationError(refusal.message) from None
        return upload


class NewDocumentForm(WordFileForm):
    document_type = forms.ChoiceField(label="Type of document")
    section = forms.ModelChoiceField(
        queryset=DocumentLibraryPage.objects.none(), label="Library section"
    )
    title = forms.CharField(
        max_length=255,
        required=False,
        help_text="Leave empty to take the title from the file.",
    )
    purpose = forms.CharField(
        label="Purpose and scope",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Leave empty to take the first paragraph of its Purpose section.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"].choices = [
            (slug, model._meta.verbose_name.capitalize())
            for slug, model in importable_types().items()
        ]
        sections = importable_sections(user)
        self.fields["section"].queryset = DocumentLibraryPage.objects.filter(
            pk__in=[section.pk for section in sections]
        ).order_by("path")

    def clean(self):
        data = super().clean()
        model = importable_types().get(data.get("document_type"))
        section = data.get("section")
        if model and section and not model.can_create_at(section):
            raise forms.ValidationError(
                f"A {model._meta.verbose_name} cannot be created in “{section.title}”."
            )
        if self.imported and not (data.get("purpose") or self.imported.purpose):
            self.add_error(
                "purpose", "The file has no purpose paragraph: say what it covers."
            )
        return data


def preview_token(user, target: dict, imported: WordImport) -> str:
    return signing.dumps(
        {"user": user.pk, "target": target, "body": imported.body},
        salt=SIGNING_SALT,
        compress=True,
    )


def read_token(request) -> tuple[dict, list[dict]]:
    """The target and body a preview signed, for the person it was made for."""
    try:
        data = signing.loads(
            request.POST.get("token", ""), salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE
        )
    except signing.BadSignature:
        raise PermissionDenied(
            "This preview has expired or was altered: upload the file again."
        ) from None
    if data["user"] != request.user.pk:
        raise PermissionDenied("This preview was made for someone else.")
    return data["target"], data["body"]


def preview(request, *, form, target: dict, document=None):
    imported = form.imported
    body = DocumentBodyBlock().to_python(imported.body)
    model = importable_types().get(target.get("type"))
    return TemplateResponse(
        request,
        "policies/word_import_preview.html",
        {
            "document": document,
            "target": target,
            "type_name": model._meta.verbose_name if model else "",
            "section": DocumentLibraryPage.objects.filter(
                pk=target.get("section")
            ).first(),
            "imported": imported,
            "body": body,
            "token": preview_token(request.user, target, imported),
        },
    )


def import_new(request):
    """A new draft document from a Word file; the importer becomes its owner."""
    if not may_import_new(request.user):
        raise PermissionDenied("Only document owners create documents.")
    if request.method == "POST" and "token" in request.POST:
        target, body = read_token(request)
        if "section" not in target:
            raise PermissionDenied("This preview was made for another import.")
        return create_document(request, target, body)
    form = NewDocumentForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"section": request.GET.get("section")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = {
            "type": data["document_type"],
            "section": data["section"].pk,
            "title": data["title"]
            or form.imported.title
            or data["file"].name.rsplit(".", 1)[0],
            "purpose": data["purpose"] or form.imported.purpose,
        }
        return preview(request, form=form, target=target)
    return TemplateResponse(
        request, "policies/word_import.html", {"form": form, "document": None}
    )


def create_document(request, target: dict, body: list[dict]):
    section = get_object_or_404(DocumentLibraryPage, pk=target["section"])
    model = importable_types()[target["type"]]
    if not (
        section.permissions_for_user(request.user).can_add_subpage()
        and model.can_create_at(section)
    ):
        raise PermissionDenied("You may not create this document in this section.")
    with transaction.atomic():
        page = model(
            title=target["title"][:255],
            purpose=target["purpose"],
            body=body,
            document_owner=request.user,
            owner=request.user,
            live=False,
        )
        section.add_child(instance=page)
        page.save_revision(user=request.user, log_action=False)
        log(instance=page, action="wagtail.create", user=request.user)
    messages.success(
        request,
        f"{page.document_number} “{page.title}” was created from Word as a draft: "
        "check it, then submit it for approval.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def import_into(request, number: str):
    """A new draft of an existing document from a Word file: its body is
    replaced; title, purpose and control metadata stay as they are."""
    # What the person may not read does not exist for them (404, not 403).
    document = get_object_or_404(
        visible(ControlledDocumentPage.objects.all(), request.user),
        document_number=number,
    ).specific
    if not may_import_into(request.user, document):
        raise PermissionDenied(
            "Only the document's owner and the people it is shared with import a "
            "Word file into it."
        )
    if refusal := import_refusal(document):
        return TemplateResponse(
            request,
            "policies/word_import.html",
            {"document": document, "refusal": refusal},
            status=409,
        )
    target = {"document": document.pk}
    if request.method == "POST" and "token" in request.POST:
        signed_target, body = read_token(request)
        if signed_target != target:
            raise PermissionDenied("This preview was made for another document.")
        draft = document.get_latest_revision_as_object()
        draft.body = body
        with transaction.atomic():
            draft.save_revision(user=request.user, log_action=True)
        messages.success(
            request,
            f"A new draft of {document.document_number} was made from Word; the "
            "version in force is unchanged.",
        )
        return redirect("wagtailadmin_pages:edit", document.pk)
    form = WordFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return preview(request, form=form, target=target, document=document)
    return TemplateResponse(
        request, "policies/word_import.html", {"form": form, "document": document}
    )


def import_url(document=None) -> str:
    if document is None:
        return reverse("word_import")
    return reverse("word_import_into", args=(document.document_number,))
