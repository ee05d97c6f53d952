"""The clause chooser of the document editor: what a document maps to in
ISO/IEC 20000-1, in one place.

Owners looked for "8.3.3" among 77 flat checkboxes, then again for the SLA among
the required items. Here the clauses are grouped by clause family (4 to 10), and
under each clause sit the items of documented information that this type of
document can be, so an agreement is mapped to "8.3.3: Service level agreement(s)"
with one tick. The inputs are the form's own `clauses` and `required_items`
checkboxes: without JavaScript each family is a plain <details>;
policies/static/policies/clause-chooser.js adds the filter, ticks an item's clause
and keeps the summary line. The form maps an item's clause on the server too
(ControlledDocumentForm.map_the_clauses_of_items).
"""

from dataclasses import dataclass, field

from django import forms
from wagtail.admin.panels import FieldPanel, PanelGroup

from .choice_widgets import CheckboxesOnPage

CLAUSES, ITEMS = "clauses", "required_items"


@dataclass
class Choice:
    """One checkbox, and the words the filter finds it by (lower case)."""

    id: str
    value: int
    label: str
    checked: bool
    terms: str


@dataclass
class ClauseChoice(Choice):
    number: str = ""
    items: list[Choice] = field(default_factory=list)


@dataclass
class Family:
    """A top-level clause (4 to 10) with every clause under it."""

    label: str
    clauses: list[ClauseChoice] = field(default_factory=list)

    @property
    def chosen(self) -> int:
        return sum(
            clause.checked + sum(item.checked for item in clause.items)
            for clause in self.clauses
        )


def chosen_values(bound_field) -> set[str]:
    return {str(value) for value in bound_field.value() or ()}


def families(clauses_field, items_field, type_slug: str) -> list[Family]:
    """The chooser's tree: one query for the clauses, one for the items. Items
    the type cannot be are left out unless already chosen (the form then says
    why they are refused, rather than dropping them unseen)."""
    chosen_clauses, chosen_items = (
        chosen_values(clauses_field),
        chosen_values(items_field),
    )
    offered = {}
    for item in items_field.field.queryset.select_related("clause"):
        if item.offered_to(type_slug) or str(item.pk) in chosen_items:
            offered.setdefault(item.clause_id, []).append(item)
    by_section: dict[int, Family] = {}
    for clause in clauses_field.field.queryset.only(
        "pk", "number", "title", "section", "sort_key"
    ):
        family = by_section.setdefault(
            clause.section, Family(label=f"{clause.section} {clause.title}")
        )
        choice = ClauseChoice(
            id=f"{clauses_field.auto_id}_{clause.pk}",
            value=clause.pk,
            label=f"{clause.number} {clause.title}",
            checked=str(clause.pk) in chosen_clauses,
            terms=f"{clause.number} {clause.title}".lower(),
            number=clause.number,
        )
        choice.items = [
            Choice(
                id=f"{items_field.auto_id}_{item.pk}",
                value=item.pk,
                label=item.numbered(),
                checked=str(item.pk) in chosen_items,
                terms=f"{item.item} {item.code} {item.required_by}".lower(),
            )
            for item in offered.get(clause.pk, ())
        ]
        family.clauses.append(choice)
    return list(by_section.values())


def summary(tree: list[Family]) -> str:
    """What is chosen, in one line (clause-chooser.js writes the same)."""
    clauses = [c for family in tree for c in family.clauses if c.checked]
    items = [i for family in tree for c in family.clauses for i in c.items if i.checked]
    if not clauses and not items:
        return "Nothing chosen yet."
    parts = [
        (f"clause{'s' if len(clauses) > 1 else ''} " if clauses else "no clause")
        + ", ".join(c.number for c in clauses),
    ]
    if items:
        parts.append("documented information " + ", ".join(i.label for i in items))
    return "Chosen: " + "; ".join(parts) + "."


class ClauseMappingPanel(PanelGroup):
    """The `clauses` and `required_items` fields as one chooser. Each stays a
    FieldPanel inside it, so the form, comparisons and permissions are Wagtail's."""

    def __init__(self, children=(), *args, **kwargs):
        children = children or [
            FieldPanel(CLAUSES, widget=CheckboxesOnPage),
            FieldPanel(ITEMS, widget=CheckboxesOnPage),
        ]
        super().__init__(children, *args, **kwargs)

    class BoundPanel(PanelGroup.BoundPanel):
        template_name = "policies/panels/clause_chooser.html"

        @property
        def media(self):
            return super().media + forms.Media(
                js=["policies/clause-chooser.js"],
                css={"all": ["policies/clause-chooser.css"]},
            )

        def is_shown(self):
            return super().is_shown() and (
                self.form is None
                or all(name in self.form.fields for name in (CLAUSES, ITEMS))
            )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            clauses_field, items_field = self.form[CLAUSES], self.form[ITEMS]
            tree = families(clauses_field, items_field, self.panel.model.type_slug)
            context.update(
                families=tree,
                summary=summary(tree),
                errors=[*clauses_field.errors, *items_field.errors],
            )
            return context
