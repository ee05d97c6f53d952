"""The administrator's form for a webhook."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .models import EventType
from .validators import validate_webhook_url


class WebhookForm(WagtailAdminModelForm):
    # A plain text field: Django's URLField would add its own "Enter a valid URL."
    # before our clearer refusals.
    url = forms.CharField(
        label="URL",
        max_length=500,
        validators=[validate_webhook_url],
        help_text="Where events are POSTed: an http:// or https:// address, "
        "without a user name or password.",
    )
    events = forms.MultipleChoiceField(
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="The events this receiver is sent.",
        error_messages={"required": "Choose at least one event to send."},
    )

    def clean_events(self):
        # Stored in the order of the choices, whatever order they came in.
        chosen = set(self.cleaned_data["events"])
        return [value for value, _ in EventType.choices if value in chosen]
