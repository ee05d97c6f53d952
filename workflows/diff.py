"""Readable differences between two revisions of a controlled document: metadata
changes, and the body compared block by block (StreamField blocks keep their ids
across revisions), with word-level changes inside every text field."""

import difflib
import json
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from wagtail.documents import get_document_model
from wagtail.fields import StreamField

from policies.blocks import text_leaves
from policies.models import (
    Clause,
    ControlledDocumentPage,
    FieldRole,
    ProcessArea,
    RequiredItem,
)

WORD = re.compile(r"\S+|\s+")


def word_diff(old, new):
    """HTML with <del> and <ins> around the words that changed."""
    old_words, new_words = WORD.findall(old or ""), WORD.findall(new or "")
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    kept = sum(size for _, _, size in matcher.get_matching_blocks())
    if old_words and new_words and kept < 0.4 * len(old_words):
        # Mostly rewritten: word-by-word interleaving would be harder to read than
        # the old text followed by the new.
        return mark_safe(  # noqa: S308 - both sides escaped
            f"<del>{escape(old)}</del> <ins>{escape(new)}</ins>"
        )
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(''.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(''.join(new_words[b1:b2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def stream(content):
    body = content.get("body") or []
    return json.loads(body) if isinstance(body, str) else body


@dataclass
class BlockChange:
    """One block of the newer version (or a removed one of the older), with the
    units of text that changed in it; unchanged units are only counted."""

    kind: str  # added, removed, changed, moved, moved and changed, unchanged
    block_type: str  # what the editor calls it: "Section", "Procedure steps"
    label: str  # its heading or step title, else its first words
    fields: list = field(default_factory=list)  # (unit label, html)
    unchanged_units: int = 0
    block_id: str = ""  # the StreamField block's id, stable across revisions


def kept_in_order(positions):
    """Indexes (into `positions`) of a longest increasing run: the blocks that kept
    their relative order. Every other matched block counts as moved."""
    tails, links, best = [], [None] * len(positions), []
    for index, position in enumerate(positions):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if positions[tails[middle]] < position:
                low = middle + 1
            else:
                high = middle
        links[index] = tails[low - 1] if low else None
        if low == len(tails):
            tails.append(index)
        else:
            tails[low] = index
    cursor = tails[-1] if tails else None
    while cursor is not None:
        best.append(cursor)
        cursor = links[cursor]
    return set(best)


def block_types() -> dict[str, str]:
    """Block type name -> the label the editor shows for it."""
    stream_block = ControlledDocumentPage._meta.get_field("body").stream_block
    return {name: str(block.label) for name, block in stream_block.child_blocks.items()}


def block_label(block: dict, units: list[tuple[str, str]]) -> str:
    """A block as a reader names it: its heading, caption or title, else its first
    words."""
    value = block.get("value")
    if isinstance(value, dict):
        for key in ("heading", "caption", "title"):
            if isinstance(value.get(key), str) and value[key].strip():
                return value[key].strip()
    if units:
        text = units[0][1]
        return text if len(text) <= 60 else text[:57].rstrip() + "…"
    return ""


def unit_changes(old_units, new_units) -> tuple[list, int]:
    """The units of text that differ between two versions of a block, compared as
    units (a paragraph, a list item, a step's field, a table cell): an added
    sentence shows as that sentence inserted in its paragraph, and nothing else.
    Returns (label, html) pairs and how many units stayed the same."""
    matcher = difflib.SequenceMatcher(
        a=[text for _, text in old_units],
        b=[text for _, text in new_units],
        autojunk=False,
    )
    changed, unchanged = [], 0
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            unchanged += a2 - a1
            continue
        olds, news = old_units[a1:a2], new_units[b1:b2]
        for index in range(max(len(olds), len(news))):
            old = olds[index] if index < len(olds) else None
            new = news[index] if index < len(news) else None
            label = (new or old)[0]
            changed.append(
                (label, word_diff(old[1] if old else "", new[1] if new else ""))
            )
    return changed, unchanged


def body_changes(old_content, new_content) -> list[BlockChange]:
    """The body compared block by block (blocks keep their ids across revisions),
    in the newer version's order, removed blocks last."""
    names = block_types()
    old_blocks = {
        block.get("id") or f"old-{index}": (index, block)
        for index, block in enumerate(stream(old_content))
    }
    new_blocks = stream(new_content)
    matched = [b for b in new_blocks if b.get("id") in old_blocks]
    kept = kept_in_order([old_blocks[b["id"]][0] for b in matched])
    moved_ids = {b["id"] for i, b in enumerate(matched) if i not in kept}

    def change(kind, block, old_units, new_units):
        fields, unchanged = unit_changes(old_units, new_units)
        return BlockChange(
            kind,
            names.get(block["type"], block["type"]),
            block_label(block, new_units or old_units),
            fields,
            unchanged,
            block.get("id") or "",
        )

    changes = []
    for block in new_blocks:
        new_units = list(text_leaves(block["value"]))
        key = block.get("id")
        if key not in old_blocks:
            changes.append(change("added", block, [], new_units))
            continue
        old_units = list(text_leaves(old_blocks[key][1]["value"]))
        result = change("unchanged", block, old_units, new_units)
        result.kind = {
            (True, True): "moved and changed",
            (True, False): "changed",
            (False, True): "moved",
            (False, False): "unchanged",
        }[(bool(result.fields), key in moved_ids)]
        changes.append(result)
    new_ids = {b.get("id") for b in new_blocks}
    for key, (_, block) in sorted(old_blocks.items(), key=lambda item: item[1][0]):
        if key not in new_ids:
            changes.append(
                change("removed", block, list(text_leaves(block["value"])), [])
            )
    return changes


def compared_fields(model: type[ControlledDocumentPage]) -> list[tuple[str, str]]:
    """(name, label) of the approved fields shown as metadata changes, in the order
    the model declares their roles; the body is compared block by block."""
    fields = []
    for name in model.fields_with_role(FieldRole.APPROVED):
        field = model._meta.get_field(name)
        if not isinstance(field, StreamField):
            fields.append((name, capfirst(field.verbose_name)))
    return fields


def describe(name, value):
    if value in (None, "", []):
        return "–"
    if name in ("document_owner", "approvers", "reader_users"):
        ids = value if isinstance(value, list) else [value]
        users = get_user_model().objects.filter(pk__in=ids)
        return ", ".join(sorted(u.get_full_name() or u.get_username() for u in users))
    if name == "file":
        document = get_document_model().objects.filter(pk=value).first()
        return f"{document.title} (sha1 {document.file_hash[:12]})" if document else "–"
    if name in ("process_area", "approving_group"):
        model = ProcessArea if name == "process_area" else Group
        return str(model.objects.filter(pk=value).first() or "–")
    if name == "reader_groups":
        return ", ".join(
            Group.objects.filter(pk__in=value)
            .order_by("name")
            .values_list("name", flat=True)
        )
    if name == "clauses":
        return ", ".join(
            Clause.objects.filter(pk__in=value)
            .order_by("sort_key")
            .values_list("number", flat=True)
        )
    if name == "required_items":
        items = RequiredItem.objects.filter(pk__in=value).select_related("clause")
        return ", ".join(item.numbered() for item in items)
    return str(value)


def metadata_changes(model, old_content, new_content):
    changes = []
    for name, label in compared_fields(model):
        old, new = old_content.get(name), new_content.get(name)
        if old == new:
            continue
        if name in ("title", "purpose"):
            changes.append((label, word_diff(old or "", new or "")))
        else:
            changes.append(
                (
                    label,
                    mark_safe(  # noqa: S308 - both sides escaped
                        f"<del>{escape(describe(name, old))}</del> → "
                        f"<ins>{escape(describe(name, new))}</ins>"
                    ),
                )
            )
    return changes


def compare(model, old_content: dict, new_content: dict) -> dict:
    """Everything a comparison page shows: the metadata changes, the blocks that
    changed (added, removed, moved), and the blocks that did not, collapsed."""
    blocks = body_changes(old_content, new_content)
    return {
        "metadata": metadata_changes(model, old_content, new_content),
        "blocks": [block for block in blocks if block.kind != "unchanged"],
        "unchanged_blocks": [block for block in blocks if block.kind == "unchanged"],
    }
