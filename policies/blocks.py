"""StreamField blocks for the body of controlled documents.

Controlled metadata (number, owner, version, review dates) are model fields on the page;
these blocks carry only the document's content.
"""

import html
import re
from collections.abc import Iterator

from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail import blocks
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=200)
    body = blocks.RichTextBlock(features=TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        template = "blocks/section_block.html"
        description = "A headed section of rich text"


class ProcedureStepBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="What is done")
    responsible_role = blocks.CharBlock(max_length=120)
    inputs = blocks.TextBlock(required=False)
    outputs = blocks.TextBlock(required=False)
    records = blocks.TextBlock(required=False, label="Records kept")

    class Meta:
        icon = "tick"


class ProcedureStepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=200, required=False)
    steps = blocks.ListBlock(ProcedureStepBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/procedure_steps_block.html"
        description = "Numbered steps, each with its role, inputs, outputs and records"


class RaciRowBlock(blocks.StructBlock):
    activity = blocks.CharBlock(max_length=200)
    responsible = blocks.CharBlock(max_length=200)
    accountable = blocks.CharBlock(max_length=200)
    consulted = blocks.CharBlock(max_length=200, required=False)
    informed = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        icon = "user"


class RaciTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200)
    rows = blocks.ListBlock(RaciRowBlock(), min_num=1)

    class Meta:
        icon = "table"
        template = "blocks/raci_table_block.html"
        description = "Who is responsible, accountable, consulted and informed"


class TableBlock(blocks.StructBlock):
    """A plain table of text, such as one imported from Word: a header row and rows
    of cells."""

    caption = blocks.CharBlock(max_length=200, required=False)
    header = blocks.ListBlock(blocks.CharBlock(required=False), label="Header row")
    rows = blocks.ListBlock(
        blocks.ListBlock(blocks.CharBlock(required=False), label="Cells"), min_num=1
    )

    class Meta:
        icon = "table"
        template = "blocks/table_block.html"
        description = "A table of text with a header row"


class DefinitionBlock(blocks.StructBlock):
    term = blocks.CharBlock(max_length=120)
    definition = blocks.TextBlock()


class DefinitionsBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(DefinitionBlock(), **kwargs)

    class Meta:
        icon = "openquote"
        template = "blocks/definitions_block.html"
        description = "Terms and their meaning in this document"


class ExternalReferenceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock(required=False)


class ReferencesBlock(blocks.StructBlock):
    documents = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="policies.ControlledDocumentPage"),
        label="Controlled documents",
    )
    clauses = blocks.ListBlock(
        SnippetChooserBlock("policies.Clause"), label="ISO/IEC 20000-1 clauses"
    )
    external = blocks.ListBlock(ExternalReferenceBlock(), label="Other references")

    def get_form_state(self, value):
        """As Wagtail's, with the chosen documents read in bulk: its page chooser
        loads each one's specific page and its parent, two queries a document."""
        chosen = [child for child in value["documents"].bound_blocks if child.value]
        if chosen:
            pages = {
                page.pk: page
                for page in Page.objects.filter(
                    pk__in=[child.value.pk for child in chosen]
                ).specific()
            }
            parents = Page.objects.in_bulk(
                {page.path[: -Page.steplen] for page in pages.values()},
                field_name="path",
            )
            for page in pages.values():
                # Treebeard's own cache of get_parent(), as Wagtail fills it.
                page._cached_parent_obj = parents.get(page.path[: -Page.steplen])
            for child in chosen:
                child.value = pages.get(child.value.pk, child.value)
        return super().get_form_state(value)

    def get_api_representation(self, value, context=None):
        """Documents by number and title, only those the reader may read (as the
        block's template does); clauses by number and title."""
        # Here, not at the top: policies.access imports the models, which import
        # these blocks.
        from .access import may_read_all

        request = (context or {}).get("request")
        user = getattr(request, "user", None)
        documents = [d for d in value["documents"] if d is not None and d.live]
        if user is None:
            documents = []
        elif not user.is_superuser:
            readable = may_read_all(user, documents)
            documents = [d for d in documents if d.pk in readable]
        return {
            "documents": [
                {"number": d.document_number, "title": d.title} for d in documents
            ],
            "clauses": [
                {"number": c.number, "title": c.title} for c in value["clauses"] if c
            ],
            "external": [
                {"title": ref["title"], "url": ref["url"] or None}
                for ref in value["external"]
            ],
        }

    class Meta:
        icon = "link"
        template = "blocks/references_block.html"
        description = "Links to related controlled documents, clauses and sources"


class NoteBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("note", "Note"), ("warning", "Warning")], default="note"
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "blocks/note_block.html"
        description = "A highlighted note or warning"


class DocumentBodyBlock(blocks.StreamBlock):
    section = SectionBlock()
    steps = ProcedureStepsBlock(label="Procedure steps")
    raci = RaciTableBlock(label="RACI table")
    table = TableBlock()
    definitions = DefinitionsBlock()
    references = ReferencesBlock()
    note = NoteBlock(label="Note or warning")


def text_leaves(value, label: str = "") -> Iterator[tuple[str, str]]:
    """(label, text) for every unit of text of a body block's raw value, in reading
    order: each plain field, and each paragraph, list item or heading of rich text
    (so that two paragraphs never read as one run of words). Markup is stripped,
    entities decoded and white space folded: what the diff compares and search
    reads."""
    if isinstance(value, dict):
        if set(value) >= {"type", "value"} and "id" in value:  # a list item
            yield from text_leaves(value["value"], label)
            return
        for key, child in value.items():
            name = key.replace("_", " ")
            yield from text_leaves(child, f"{label} › {name}" if label else name)
    elif isinstance(value, list):
        for index, child in enumerate(value, start=1):
            yield from text_leaves(child, f"{label} {index}".strip())
    elif value not in (None, ""):
        units = RICH_TEXT_UNIT.split(str(value))
        for text in units:
            text = " ".join(html.unescape(strip_tags(text)).split())
            if text:
                yield label, text


# Where rich text ends a paragraph, list item, heading or line.
RICH_TEXT_UNIT = re.compile(r"</(?:p|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)


def contents(body) -> list[tuple[str, str]]:
    """The document's table of contents: (anchor, heading) for each block with a
    heading, in reading order. Each such child of `body` gets the `anchor` its
    template uses as its id; anchors are readable and unique within the page."""
    entries, used = [], set()
    for child in body:
        heading = getattr(child.value, "get", lambda _name: None)("heading")
        if not heading:
            continue
        base = "section-" + (slugify(heading)[:60] or "untitled")
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        child.anchor = anchor
        entries.append((anchor, heading))
    return entries
