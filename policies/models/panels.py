"""The "Document control" tab of the document editor."""

from django import forms
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

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
            FieldPanel("reader_users", widget=forms.CheckboxSelectMultiple),
            FieldPanel("reader_groups", widget=forms.CheckboxSelectMultiple),
        ],
        heading="Identification and readers",
    ),
    MultiFieldPanel(
        [
            FieldPanel("document_owner"),
            FieldPanel("approvers", widget=forms.CheckboxSelectMultiple),
            FieldPanel("approving_group"),
        ],
        heading="Ownership and approval",
    ),
    MultiFieldPanel(
        [
            FieldPanel("process_area"),
            FieldPanel("clauses", widget=forms.CheckboxSelectMultiple),
            FieldPanel("required_items", widget=forms.CheckboxSelectMultiple),
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
            FieldPanel("audience_groups", widget=forms.CheckboxSelectMultiple),
            FieldPanel("audience_users", widget=forms.CheckboxSelectMultiple),
            FieldPanel("acknowledge_within_days"),
        ],
        heading="Who must read it",
    ),
]
