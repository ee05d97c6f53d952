"""Word import: a .docx file becomes the body of a controlled document.

mammoth turns the file into plain HTML (headings, paragraphs, lists, tables, links,
emphasis); `map_html` walks that HTML and builds the body's StreamField data
(policies.blocks): each heading of the top level used starts a section (deeper
headings become the section's sub-headings), a numbered list under a "Procedure" or
"Steps" heading becomes procedure steps, a table whose header row is Activity,
Responsible, Accountable, Consulted, Informed becomes a RACI block and any other
table a table block. Rich text goes through Wagtail's own editor conversion for the
section's features, so nothing reaches a draft that the editor could not have saved.
Whatever could not be mapped is listed for the preview, never dropped silently.
"""

import html
import io
import re
from dataclasses import dataclass, field

import mammoth
from bs4 import BeautifulSoup, NavigableString, Tag
from django.utils.html import strip_tags
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from .blocks import TEXT_FEATURES
from .word_files import ImportRefused, check_docx, package_notes

STYLE_MAP = """
p[style-name='Title'] => h1.title:fresh
p[style-name='Subtitle'] => p:fresh
"""
RACI_HEADER = ["activity", "responsible", "accountable", "consulted", "informed"]
PROCEDURE_HEADING = re.compile(r"^[\d.\s]*(procedure|steps)\b", re.IGNORECASE)
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
# What a section's rich text keeps (TEXT_FEATURES); anything else is plain text.
RICH_TEXT_TAGS = {"p", "h3", "h4", "strong", "b", "em", "i", "ol", "ul", "li", "a"}
RICH_TEXT_TAGS |= {"br"}
UNRECOGNISED_STYLE = re.compile(
    r"Unrecognised (paragraph|run|table) style: (.+?)(?: \(Style ID: .*\))?$"
)
CHAR_LIMIT = 200
BLOCK_END = re.compile(r"(</(?:p|li|h[1-6]|td|th)>|<br\s*/?>)", re.IGNORECASE)


@dataclass
class WordImport:
    """What an import would put in a draft: the body's raw StreamField data, a
    title and purpose found in the file, and what could not be mapped."""

    body: list[dict]
    title: str = ""
    purpose: str = ""
    unmapped: list[str] = field(default_factory=list)

    def summary(self) -> list[tuple[str, str]]:
        """(kind, heading) of each block, for the preview."""
        kinds = {
            "section": "Section",
            "steps": "Procedure steps",
            "raci": "RACI table",
            "table": "Table",
        }
        return [
            (
                kinds[block["type"]],
                block["value"].get("heading") or block["value"].get("caption", ""),
            )
            for block in self.body
        ]


def convert(data: bytes) -> WordImport:
    """The body a .docx file maps to, or ImportRefused."""
    check_docx(data)
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(lambda image: {}),
        )
    except Exception:  # mammoth raises many kinds on a broken part
        raise ImportRefused(
            "The file is damaged: Word's document part cannot be read. Save it "
            "again from Word and import the new file."
        ) from None
    unmapped = [word_message(message.message) for message in result.messages]
    unmapped += package_notes(data)
    imported = map_html(result.value)
    imported.unmapped = list(dict.fromkeys(unmapped + imported.unmapped))
    return imported


def word_message(message: str) -> str:
    if match := UNRECOGNISED_STYLE.match(message):
        kind, name = match.groups()
        return (
            f"The {kind} style “{name}” has no equivalent here: its text was "
            "kept as ordinary text."
        )
    return f"Word conversion: {message}"


def map_html(source: str) -> WordImport:
    """Our blocks for mammoth's HTML (see the module's docstring)."""
    soup = BeautifulSoup(source, "html.parser")
    builder = BodyBuilder(section_level(soup))
    for node in list(soup.children):
        builder.add(node)
    builder.flush()
    if not builder.blocks:
        raise ImportRefused("The document is empty: it holds no text to import.")
    return WordImport(
        body=builder.blocks,
        title=builder.title,
        purpose=builder.purpose,
        unmapped=builder.unmapped,
    )


def section_level(soup) -> int:
    """The heading level that starts sections: the top one used. A lone first
    heading 1 above deeper headings is the document's title, as in many files
    written without the Title style."""
    tops = [node for node in soup.children if isinstance(node, Tag)]
    headings = [node for node in tops if node.name in HEADINGS]
    headings = [node for node in headings if "title" not in node.get("class", [])]
    levels = [int(node.name[1]) for node in headings]
    if not levels:
        return 1
    if (
        levels.count(1) == 1
        and len(levels) > 1
        and tops
        and tops[0] is headings[0]
        and levels[0] == 1
    ):
        headings[0]["class"] = ["title"]
        return min(levels[1:])
    return min(levels)


def text_of(node) -> str:
    """The node's words, with a space where a paragraph, item or line ends and
    none inside a run of text ("a <b>link</b>." stays "a link.")."""
    spaced = BLOCK_END.sub(r" \1", str(node))
    return " ".join(BeautifulSoup(spaced, "html.parser").get_text().split())


def clip(text: str, notes: list[str]) -> str:
    if len(text) > CHAR_LIMIT:
        notes.append(
            f"Text longer than {CHAR_LIMIT} characters was cut: “{text[:40]}…”"
        )
        return text[: CHAR_LIMIT - 1] + "…"
    return text


class BodyBuilder:
    """Collects blocks while walking the top-level elements in reading order."""

    def __init__(self, level: int):
        self.level = level
        self.blocks: list[dict] = []
        self.unmapped: list[str] = []
        self.title = ""
        self.purpose = ""
        self.purpose_found = False
        self.heading = ""
        self.parts: list[str] = []
        self.procedure = ""  # the "Procedure"/"Steps" heading lists fall under
        self.top_is_procedure = False
        self.continued = False

    def add(self, node) -> None:
        if isinstance(node, NavigableString):
            if str(node).strip():
                self.parts.append(f"<p>{html.escape(str(node).strip())}</p>")
            return
        if not isinstance(node, Tag):
            return
        is_image = node.name == "img"
        self.leave_out_images(node)
        if is_image:
            return
        if node.name in HEADINGS:
            self.add_heading(node)
        elif node.name == "ol" and self.procedure:
            self.add_steps(node)
        elif node.name == "table":
            self.add_table(node)
        else:
            self.parts.append(str(node))

    def leave_out_images(self, node: Tag) -> None:
        images = [node] if node.name == "img" else node.find_all("img")
        for image in images:
            image.decompose()
        if images:
            self.unmapped.append(
                "Images were left out: a document body holds text only (attach a "
                "figure to the document instead)."
            )

    def add_heading(self, node: Tag) -> None:
        text = text_of(node)
        if not text:
            return
        if "title" in node.get("class", []):
            self.title = self.title or clip(text, self.unmapped)
            return
        level = int(node.name[1])
        is_procedure = bool(PROCEDURE_HEADING.match(text))
        if level <= self.level:
            self.flush()
            self.heading, self.continued = clip(text, self.unmapped), False
            self.top_is_procedure = is_procedure
            self.procedure = self.heading if is_procedure else ""
            return
        tag = "h3" if level == self.level + 1 else "h4"
        self.parts.append(f"<{tag}>{html.escape(text)}</{tag}>")
        if is_procedure:
            self.procedure = clip(text, self.unmapped)
        elif not self.top_is_procedure:
            self.procedure = ""

    def add_steps(self, node: Tag) -> None:
        steps = []
        for item in node.find_all("li", recursive=False):
            if item.find(["ol", "ul"]):
                self.unmapped.append(
                    "Sub-steps of a procedure step were joined to the step's text."
                )
            if item.find(["a", "strong", "em"]):
                self.unmapped.append(
                    "Links and emphasis inside procedure steps were kept as plain "
                    "text (a step's text is plain)."
                )
            if text := text_of(item):
                steps.append(
                    {
                        "text": text,
                        "responsible_role": "",
                        "inputs": "",
                        "outputs": "",
                        "records": "",
                    }
                )
        if not steps:
            return
        self.flush()
        self.blocks.append(
            {"type": "steps", "value": {"heading": self.procedure, "steps": steps}}
        )
        self.unmapped.append(
            "Procedure steps have no responsible role in Word: give each step its "
            "role before submitting the draft."
        )
        self.continued = True

    def add_table(self, node: Tag) -> None:
        rows = table_rows(node, self.unmapped)
        if not rows:
            return
        self.flush()
        header = [cell.lower().strip(" :") for cell in rows[0]]
        if header[:5] == RACI_HEADER and all(not cell for cell in header[5:]):
            self.blocks.append(raci_block(self.heading, rows[1:], self.unmapped))
        else:
            header, body = (rows[0], rows[1:]) if len(rows) > 1 else ([], rows)
            self.blocks.append(
                {
                    "type": "table",
                    "value": {"caption": self.heading, "header": header, "rows": body},
                }
            )
        self.continued = True

    def flush(self) -> None:
        """Close the section collected so far."""
        parts, self.parts = self.parts, []
        if not parts:
            return
        body = rich_text("".join(parts), self.unmapped)
        if not strip_tags(body).strip():
            return
        heading = self.heading or "Introduction"
        if self.continued:
            heading = clip(f"{heading} (continued)", self.unmapped)
        first = BeautifulSoup(body, "html.parser").find("p")
        if first and (not self.purpose or "purpose" in heading.lower()):
            # A Purpose section's first paragraph, else the document's first one.
            if not self.purpose_found:
                self.purpose = text_of(first)
            self.purpose_found = self.purpose_found or "purpose" in heading.lower()
        self.blocks.append(
            {"type": "section", "value": {"heading": heading, "body": body}}
        )


def table_rows(node: Tag, notes: list[str]) -> list[list[str]]:
    """The table's rows of cell text (not those of a table nested in a cell), all
    as wide as the widest; merged cells are split, empty rows dropped."""
    rows = []
    for row in node.find_all("tr"):
        if row.find_parent("table") is not node:
            continue
        cells = []
        for cell in row.find_all(["td", "th"], recursive=False):
            if cell.find("table"):
                notes.append("A table inside a table cell was kept as its text.")
            if cell.find(["a", "strong", "em"]):
                notes.append(
                    "Links and emphasis inside tables were kept as plain text."
                )
            cells.append(text_of(cell))
            span = int(cell.get("colspan", 1) or 1)
            if span > 1:
                notes.append("Merged table cells were split into separate cells.")
                cells += [""] * (span - 1)
        if any(cells):
            rows.append(cells)
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]


def raci_block(caption: str, rows: list[list[str]], notes: list[str]) -> dict:
    entries = []
    for row in rows:
        activity, responsible, accountable, consulted, informed = (
            clip(cell, notes) for cell in row[:5]
        )
        if not (responsible and accountable):
            notes.append(
                f"RACI row “{activity}” has no Responsible or Accountable: fill it "
                "in before submitting the draft."
            )
        entries.append(
            {
                "activity": activity,
                "responsible": responsible,
                "accountable": accountable,
                "consulted": consulted,
                "informed": informed,
            }
        )
    return {
        "type": "raci",
        "value": {"caption": caption or "Responsibilities", "rows": entries},
    }


def rich_text(source: str, notes: list[str]) -> str:
    """`source` as a section's rich text stores it: through the editor's own
    conversion, so only TEXT_FEATURES survive."""
    soup = BeautifulSoup(source, "html.parser")
    for tag in soup.find_all(True):
        if tag.name not in RICH_TEXT_TAGS:
            notes.append(
                f"Formatting the editor does not offer (<{tag.name}>) was kept as "
                "plain text."
            )
    for link in soup.find_all("a"):
        href = link.get("href", "")
        if not href.startswith(("http://", "https://", "mailto:")):
            if href.startswith("#"):
                notes.append(
                    "Links within the document (bookmarks, footnotes) were kept as "
                    "plain text."
                )
            link.unwrap()
    converter = ContentstateConverter(TEXT_FEATURES)
    return converter.to_database_format(converter.from_database_format(str(soup)))
