"""The "Document control" tab of the document editor."""

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from ..choice_widgets import CheckboxesOnPage, SelectOnPage
from ..clause_chooser import ClauseMappingPanel

CONTROL_PANELS = [
    MultiFieldPanel(
        [
            FieldRowPanel(
                [
                    FieldPanel("document_number", read_only=True),
                    FieldPanel("current_version_label", read_only=True),
                ]
            ),
            FieldPanel("classification"),
            FieldPanel("reader_users", widget=CheckboxesOnPage),
            FieldPanel("reader_groups", widget=CheckboxesOnPage),
        ],
        heading="Identification and readers",
    ),
    MultiFieldPanel(
        [
            FieldPanel("document_owner", widget=SelectOnPage),
            FieldPanel("approvers", widget=CheckboxesOnPage),
            FieldPanel("approving_group", widget=SelectOnPage),
        ],
        heading="Ownership and approval",
    ),
    MultiFieldPanel(
        [
            FieldPanel("process_area", widget=SelectOnPage),
            ClauseMappingPanel(
                heading="Clauses and required documented information",
                help_text="Tick the clauses this document addresses, and what it "
                "is among the documented information the standard requires (only "
                "what this type of document can be). An item maps its clause too.",
            ),
        ],
        heading="ISO/IEC 20000-1 mapping",
    ),
    MultiFieldPanel(
        [
            FieldRowPanel(
                [
                    FieldPanel("effective_date", read_only=True),
                    FieldPanel("next_review_due", read_only=True),
                ]
            ),
            FieldPanel("review_interval_months"),
        ],
        heading="Validity and review",
    ),
    MultiFieldPanel(
        [
            FieldPanel("audience_everyone"),
            FieldPanel("audience_groups", widget=CheckboxesOnPage),
            FieldPanel("audience_users", widget=CheckboxesOnPage),
            FieldPanel("acknowledge_within_days"),
        ],
        heading="Who must read it",
    ),
]
