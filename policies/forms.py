from django.db.models import Q
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm

from .content import as_content, visible_content
from .roles import DOCUMENT_OWNERS

OWNER_AS_APPROVER = (
    "The owner cannot be a named approver of their own document: "
    "approval must come from someone else."
)


SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


def full_name(user) -> str:
    return user.get_full_name() or user.get_username()


class ControlledDocumentForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people_by_name()
        items = self.fields.get("required_items")
        if items is not None:
            # Records are filed elsewhere, never mapped to a document.
            items.queryset = items.queryset.filter(
                kind=items.queryset.model.Kind.MAINTAINED
            )
        if not self.instance.pk and not self.initial.get("document_owner"):
            # A new document is the creator's, if they may own documents.
            owner_field = self.fields.get("document_owner")
            if (
                owner_field
                and owner_field.queryset.filter(pk=self.for_user.pk).exists()
            ):
                self.initial["document_owner"] = self.for_user.pk
        # A new draft over an approved issue starts with an empty declaration, not
        # with the summary of the change already issued.
        if (
            self.instance.pk
            and self.instance.live
            and not (self.instance.has_unpublished_changes)
        ):
            self.initial["change_summary"] = ""
            self.initial["significance"] = ""
            self.initial["reacknowledge"] = False

    def clean(self):
        cleaned_data = super().clean()
        self.map_the_clauses_of_items(cleaned_data)
        if newer := self.newer_revision():
            who = (
                newer.user.get_full_name() or newer.user.get_username()
                if (newer.user)
                else "someone"
            )
            self.add_error(
                None,
                f"{who} saved a newer version of this draft at "
                f"{timezone.localtime(newer.created_at):%H:%M on %d %B %Y} while you "
                "were editing: saving would overwrite it, so nothing was saved. Your "
                "text is kept below; reload the page to see theirs, then make your "
                "changes again.",
            )
        if any(self.data.get(action) for action in SUBMIT_ACTIONS):
            if not cleaned_data.get("change_summary", "").strip():
                self.add_error(
                    "change_summary", "Say what changed and why before submitting."
                )
            if not cleaned_data.get("significance"):
                self.add_error(
                    "significance", "Say whether this is a minor or a major change."
                )
            if self.changes_nothing(cleaned_data):
                self.add_error(
                    None,
                    "Nothing to approve: the content is the same as the issue in "
                    "force. To record that the document was reviewed and needs no "
                    "change, use “Record review: no change needed” instead.",
                )
        # The model checks this too, but many-to-many choices only reach the page
        # after the form is saved, so the form must refuse them itself.
        owner = cleaned_data.get("document_owner")
        if owner and owner in cleaned_data.get("approvers", []):
            self.add_error("approvers", OWNER_AS_APPROVER)
        return cleaned_data

    def map_the_clauses_of_items(self, cleaned_data):
        """An item the document is maps its clause too (the chooser ticks it in
        the browser; this holds without JavaScript). Items its type cannot be are
        refused here, so even a draft never holds them."""
        items = cleaned_data.get("required_items")
        if items is None:
            return
        if refusal := items.model.refusal(items, self._meta.model):
            self.add_error("required_items", refusal)
            return
        clauses = cleaned_data.get("clauses")
        if clauses is None:  # not in the form, or refused already
            return
        chosen = {clause.pk for clause in clauses}
        if implied := {item.clause_id for item in items} - chosen:
            cleaned_data["clauses"] = self.fields["clauses"].queryset.filter(
                pk__in=chosen | implied
            )

    def newer_revision(self):
        """The revision someone else saved after this editor loaded the draft, if
        any (Wagtail sends the revision the editor started from)."""
        loaded = self.data.get("overwrite_revision_id") or self.data.get(
            "loaded_revision_id"
        )
        latest = self.instance.latest_revision if self.instance.pk else None
        if not loaded or latest is None or str(latest.pk) == str(loaded):
            return None
        return latest

    def people_by_name(self):
        """User pickers show full names, and only the people who may hold the
        role: active document owners (and the current owner), active approvers."""
        owner_field = self.fields.get("document_owner")
        if owner_field is not None:
            current = self.instance.document_owner_id if self.instance.pk else None
            owner_field.queryset = (
                owner_field.queryset.filter(
                    Q(is_active=True, groups__name=DOCUMENT_OWNERS) | Q(pk=current)
                )
                .distinct()
                .order_by("first_name", "last_name", "username")
            )
            owner_field.label_from_instance = full_name
        approvers_field = self.fields.get("approvers")
        if approvers_field is not None:
            approvers_field.queryset = approvers_field.queryset.order_by(
                "first_name", "last_name", "username"
            )
            approvers_field.label_from_instance = full_name
        for name in ("reader_users", "audience_users"):
            people = self.fields.get(name)
            if people is not None:
                people.queryset = people.queryset.filter(is_active=True).order_by(
                    "first_name", "last_name", "username"
                )
                people.label_from_instance = full_name

    def changes_nothing(self, cleaned_data) -> bool:
        """Whether the submitted draft reads exactly as the issue in force."""
        live = self.instance.live_revision if self.instance.pk else None
        if live is None:
            return False
        model = type(self.instance)
        draft = {**live.content, **as_content(cleaned_data, model)}
        return visible_content(model, draft) == visible_content(model, live.content)


class ControlledDocumentCopyForm(CopyForm):
    """A copy is a new document that nobody has approved: the admin may not publish
    it or make it an alias of an approved one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("publish_copies", None)
        self.fields.pop("alias", None)
