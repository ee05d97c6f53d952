from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm

OWNER_AS_APPROVER = (
    "The owner cannot be a named approver of their own document: "
    "approval must come from someone else."
)


class ControlledDocumentForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        # The model checks this too, but many-to-many choices only reach the page
        # after the form is saved, so the form must refuse them itself.
        owner = cleaned_data.get("document_owner")
        if owner and owner in cleaned_data.get("approvers", []):
            self.add_error("approvers", OWNER_AS_APPROVER)
        return cleaned_data


class ControlledDocumentCopyForm(CopyForm):
    """A copy is a new document that nobody has approved: the admin may not publish
    it or make it an alias of an approved one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("publish_copies", None)
        self.fields.pop("alias", None)
