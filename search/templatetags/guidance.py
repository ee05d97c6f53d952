"""Guidance text is plain text: paragraphs split by blank lines, lists as lines
starting "- " (search/guidance/FORMAT.md). This renders it as HTML."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def plain_text_blocks(text):
    html = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        items = [line[2:] for line in lines if line.startswith("- ")]
        lead = [line for line in lines if not line.startswith("- ")]
        if lead:
            html.append(f"<p>{'<br>'.join(escape(line) for line in lead)}</p>")
        if items:
            html.append(
                "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"
            )
    return mark_safe("".join(html))  # noqa: S308 - every piece is escaped above
