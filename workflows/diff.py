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
from policies.models import Clause, ControlledDocumentPage, FieldRole, ProcessArea

WORD = re.compile(r"\S+|\s+")


def word_diff(old, new):
    """HTML with <del> and <ins> around the words that changed."""
    old_words, new_words = WORD.findall(old or ""), WORD.findall(new or "")
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    if old_words and new_words and matcher.ratio() < 0.4:
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
    kind: str  # added, removed, changed, moved, unchanged
    block_type: str
    fields: list = field(default_factory=list)  # (label, html)


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


def body_changes(old_content, new_content):
    old_blocks = {
        block.get("id") or f"old-{index}": (index, block)
        for index, block in enumerate(stream(old_content))
    }
    new_blocks = stream(new_content)
    matched = [b for b in new_blocks if b.get("id") in old_blocks]
    kept = kept_in_order([old_blocks[b["id"]][0] for b in matched])
    moved_ids = {b["id"] for i, b in enumerate(matched) if i not in kept}

    changes = []
    for block in new_blocks:
        key = block.get("id")
        if key not in old_blocks:
            changes.append(
                BlockChange(
                    "added",
                    block["type"],
                    [
                        (label, word_diff("", text))
                        for label, text in text_leaves(block["value"])
                    ],
                )
            )
            continue
        old_fields = dict(text_leaves(old_blocks[key][1]["value"]))
        new_fields = dict(text_leaves(block["value"]))
        fields = [
            (label, word_diff(old_fields.get(label, ""), new_fields.get(label, "")))
            for label in dict.fromkeys([*old_fields, *new_fields])
            if old_fields.get(label) != new_fields.get(label)
        ]
        moved = key in moved_ids
        kind = {
            (True, True): "moved and changed",
            (True, False): "changed",
            (False, True): "moved",
            (False, False): "unchanged",
        }[(bool(fields), moved)]
        changes.append(BlockChange(kind, block["type"], fields))
    new_ids = {b.get("id") for b in new_blocks}
    for key, (_, block) in sorted(old_blocks.items(), key=lambda item: item[1][0]):
        if key not in new_ids:
            changes.append(
                BlockChange(
                    "removed",
                    block["type"],
                    [
                        (label, word_diff(text, ""))
                        for label, text in text_leaves(block["value"])
                    ],
                )
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
    if name in ("document_owner", "approvers"):
        ids = value if isinstance(value, list) else [value]
        users = get_user_model().objects.filter(pk__in=ids)
        return ", ".join(sorted(u.get_full_name() or u.get_username() for u in users))
    if name == "file":
        document = get_document_model().objects.filter(pk=value).first()
        return f"{document.title} (sha1 {document.file_hash[:12]})" if document else "–"
    if name in ("process_area", "approving_group"):
        model = ProcessArea if name == "process_area" else Group
        return str(model.objects.filter(pk=value).first() or "–")
    if name == "clauses":
        return ", ".join(
            Clause.objects.filter(pk__in=value)
            .order_by("sort_key")
            .values_list("number", flat=True)
        )
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
