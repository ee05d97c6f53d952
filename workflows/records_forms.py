"""The form that files a record, and the small forms of legal holds and
dispositions. They only read and check what people type; FileRecordAction and
the disposition actions decide."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.html import linebreaks
from wagtail.admin.forms import WagtailAdminModelForm

from policies.fields import Classification
from policies.models import Clause, RequiredItem

from .actions.records import RecordFiling
from .models import Disposition, Record, RetentionPeriod
from .models.retention import retention_subjects

ENTRY_HELP = (
    "Kept: paragraphs, headings (h3, h4), lists, tables, bold and italic. Links, "
    "images, scripts, styles and every attribute are removed. Plain text is fine: "
    "a blank line starts a new paragraph."
)
FIRST_YEAR, LAST_YEAR = 1900, 2999


def required(what):
    return {"required": what}


class KindSelect(forms.Select):
    """Each kind names its clause (data-clause), so that choosing a kind selects
    its clause among the record's clauses (cms/static/js/record-form.js)."""

    def __init__(self, *args, clause_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.clause_of = clause_of or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if clause := self.clause_of.get(str(value)):
            option["attrs"]["data-clause"] = clause
        return option


def person_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class DayField(forms.DateField):
    """A date typed or picked: YYYY-MM-DD, in the years the database handles."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {
        "invalid": "Enter the date as YYYY-MM-DD, for example 2026-03-31."
    }

    def validate(self, value):
        super().validate(value)
        if value and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValidationError(f"Enter a date between {FIRST_YEAR} and {LAST_YEAR}.")


def entry_html(text: str) -> str:
    """Plain text (no tag in it) becomes paragraphs; HTML is left to the
    action's whitelist."""
    text = text.strip()
    if text and "<" not in text:
        return linebreaks(text, autoescape=True)
    return text


class RecordForm(forms.Form):
    title = forms.CharField(
        max_length=255, error_messages=required("Give the record a title.")
    )
    kind = forms.ModelChoiceField(
        queryset=RequiredItem.objects.none(),
        empty_label="Choose the kind of record",
        error_messages={
            **required("Choose the kind of record."),
            "invalid_choice": "Choose a kind of record from the list.",
        },
        help_text="The record the standard asks for, under its clause.",
    )
    clauses = forms.MultipleChoiceField(
        required=False,
        error_messages={"invalid_choice": "Choose clauses from the list."},
        help_text="The clauses it is evidence for. The kind's clause is selected "
        "for you; hold Ctrl (or ⌘) to choose more. None chosen: the kind's clause.",
    )
    period_start = DayField(
        label="Period from",
        help_text="The first day the record covers.",
        error_messages=required("Give the first day the record covers."),
    )
    period_end = DayField(
        label="Period to",
        help_text="The last day the record covers; not later than today.",
        error_messages=required("Give the last day the record covers."),
    )
    owner = PersonChoiceField(
        queryset=get_user_model().objects.none(),
        help_text="Who answers for the record: you, unless you choose someone.",
        error_messages={
            **required("Choose who owns the record."),
            "invalid_choice": "Choose an active user from the list.",
        },
    )
    classification = forms.ChoiceField(
        choices=Classification.choices,
        initial=Classification.INTERNAL,
        help_text="Confidential: only its owner, reviewers, approvers and "
        "auditors see it.",
    )
    retention_years = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100,
        error_messages={"invalid": "Give a whole number of years, or leave it empty."},
        label="Retention (years)",
        help_text="Years to keep it after the period it covers, 1 to 100. Empty: "
        "the period set for its kind.",
    )
    body = forms.CharField(
        label="Entry",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=ENTRY_HELP,
    )
    file = forms.FileField(
        required=False,
        max_length=200,
        help_text="Optional, at most 50 MB. Write the entry, attach a file, or both.",
    )

    def __init__(self, *args, user, corrects: Record | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.corrects = user, corrects
        kinds = list(
            RequiredItem.objects.filter(kind=RequiredItem.Kind.RETAINED)
            .select_related("clause")
            .order_by("clause__sort_key", "position")
        )
        kind = self.fields["kind"]
        kind.queryset = RequiredItem.objects.filter(kind=RequiredItem.Kind.RETAINED)
        kind.choices = [("", kind.empty_label)] + [
            (item.pk, f"{item.clause.number}: {item.item}") for item in kinds
        ]
        kind.widget = KindSelect(
            clause_of={str(item.pk): item.clause.number for item in kinds},
            choices=kind.choices,
        )
        self.kind_clause = {str(item.pk): item.clause.number for item in kinds}
        self.clause_rows = {
            clause.number: clause for clause in Clause.objects.order_by("sort_key")
        }
        groups: dict[str, list] = {}
        for clause in self.clause_rows.values():
            section = clause.number.split(".")[0]
            groups.setdefault(section, []).append(
                (clause.number, f"{clause.number} {clause.title}")
            )
        self.fields["clauses"].choices = [
            (f"Clause {section}", choices) for section, choices in groups.items()
        ]
        self.fields["clauses"].widget.attrs["size"] = 10
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["owner"].initial = user.pk
        if corrects is not None:
            self.initial.update(prefill(corrects))

    def describe_fields(self):
        """Each input names its error and help text for screen readers."""
        for name, field in self.fields.items():
            ids = [f"id_{name}-error"] if name in self.errors else []
            if field.help_text:
                ids.append(f"id_{name}-help")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            if name in self.errors:
                field.widget.attrs["aria-invalid"] = "true"

    def clean_period_end(self):
        end = self.cleaned_data.get("period_end")
        start = self.cleaned_data.get("period_start")
        if start and end and end < start:
            raise ValidationError("The period cannot end before it starts.")
        return end

    def clean_body(self):
        return entry_html(self.cleaned_data.get("body", ""))

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        numbers = cleaned.get("clauses") or (
            [kind.clause.number] if kind is not None else []
        )
        cleaned["clauses"] = [self.clause_rows[number] for number in numbers]
        return cleaned

    def filing(self) -> RecordFiling:
        data = self.cleaned_data
        return RecordFiling(
            title=data["title"],
            kind=data["kind"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            owner=data["owner"],
            classification=data["classification"],
            clauses=data["clauses"],
            body=data["body"],
            file=data.get("file"),
            retention_years=data.get("retention_years"),
            corrects=self.corrects,
        )

    def add_refusal(self, error: ValidationError):
        """The action's reasons, each next to the field it is about."""
        messages = getattr(error, "message_dict", None) or {None: error.messages}
        for name, reasons in messages.items():
            field = name if name in self.fields else None
            for reason in reasons:
                self.add_error(field, reason)

    def note_lost_file(self):
        """A browser does not send a chosen file again: say so beside it."""
        if self.errors and self.files.get("file") and "file" not in self.errors:
            self.add_error(
                "file",
                "Choose the file again: a browser does not keep a chosen file "
                "when the form comes back.",
            )


def prefill(record: Record) -> dict:
    """A correction starts from what the record it corrects says."""
    content = getattr(record, "content", None)
    return {
        "title": record.title,
        "kind": record.kind_id,
        "clauses": [clause.number for clause in record.clauses.all()],
        "period_start": record.period_start,
        "period_end": record.period_end,
        "owner": record.owner_id,
        "classification": record.classification,
        "retention_years": record.retention_years,
        "body": content.body if content else "",
    }


class ReleaseForm(forms.Form):
    reason = forms.CharField(
        max_length=2000, error_messages=required("Give the reason for releasing it.")
    )


class HoldForm(forms.Form):
    number = forms.CharField(
        max_length=20,
        error_messages=required("Give the number of the document or record."),
    )
    reason = forms.CharField(
        max_length=2000,
        error_messages=required("Give the reason for the legal hold."),
    )


class RequestForm(forms.Form):
    kind = forms.ChoiceField(choices=[("issue", "issue"), ("record", "record")])
    item = forms.IntegerField(min_value=1)
    method = forms.ChoiceField(
        choices=Disposition.Method.choices,
        error_messages=required("Choose to destroy or to archive."),
    )
    reason = forms.CharField(
        max_length=2000,
        error_messages=required("Give the reason for the disposition."),
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("refuse", "refuse")])
    comment = forms.CharField(max_length=2000, required=False)


class RetentionPeriodForm(WagtailAdminModelForm):
    """The administrators' form: a subject chosen from the document types and
    record kinds, each showing the years settings.RETENTION_YEARS gives it."""

    subject = forms.ChoiceField(choices=[])
    years = forms.IntegerField(
        min_value=1,
        max_value=100,
        help_text="1 to 100. Superseded issues count from the day they were "
        "superseded, records from the end of the period they cover.",
    )

    class Meta:
        model = RetentionPeriod
        fields = ["subject", "years"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        defaults = settings.RETENTION_YEARS
        default = defaults.get("default", 3)
        self.fields["subject"].choices = [("", "Choose what it is for")] + [
            (subject, f"{label} (default {defaults.get(subject, default)} years)")
            for subject, label in retention_subjects()
        ]
        self.fields["subject"].help_text = (
            "Without a period set here, settings.RETENTION_YEARS decides: the "
            f"default shown beside each; {default} years for what it does not name."
        )
