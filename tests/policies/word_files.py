"""Word files for the import tests, written with python-docx as Word would save them."""

import io

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image

RACI = ["Activity", "Responsible", "Accountable", "Consulted", "Informed"]
SENTENCE = (
    "the service desk records every incident with its impact urgency and the "
    "service affected so that priorities are set consistently and customers are "
    "told when service will be restored and what they can do meanwhile"
)
WORDS = SENTENCE.split()


def new_document():
    return docx.Document()


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_link(paragraph, text, url):
    """A hyperlink run, as Word writes one (python-docx has no API for it)."""
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def add_table(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    return table


def add_image(document):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    buffer.seek(0)
    document.add_picture(buffer)


def incident_procedure(*, image=False) -> bytes:
    """A short procedure with every kind of content the import maps."""
    document = new_document()
    document.add_paragraph("Incident management procedure", style="Title")
    document.add_heading("Purpose", 1)
    paragraph = document.add_paragraph("Restore ")
    paragraph.add_run("normal service").bold = True
    paragraph.add_run(" as ")
    paragraph.add_run("quickly").italic = True
    paragraph.add_run(" as possible; see ")
    add_link(paragraph, "the service catalogue", "https://intranet.example.com/cat")
    paragraph.add_run(".")
    document.add_heading("Scope", 1)
    document.add_paragraph("All services in the catalogue.")
    document.add_heading("Definitions", 2)
    document.add_paragraph("An incident is an unplanned interruption.")
    document.add_heading("Procedure", 1)
    for step in ["Log the incident", "Classify and prioritise", "Resolve and close"]:
        document.add_paragraph(step, style="List Number")
    document.add_heading("Responsibilities", 1)
    add_table(
        document,
        [
            RACI,
            ["Log the incident", "Service desk", "Incident manager", "", "Customer"],
            ["Resolve", "Resolver group", "Incident manager", "Supplier", "Desk"],
        ],
    )
    document.add_heading("Priorities", 1)
    add_table(
        document,
        [["Priority", "Target"], ["P1", "4 hours"], ["P2", "1 working day"]],
    )
    if image:
        add_image(document)
    return saved(document)


def long_policy(chapters=12, paragraphs=6) -> bytes:
    """A realistic multi-page policy: numbered chapters of several paragraphs,
    sub-headings, bullet lists, a procedure and a RACI table."""
    document = new_document()
    document.add_paragraph("Information security policy", style="Title")
    for chapter in range(1, chapters + 1):
        document.add_heading(f"{chapter} Chapter {chapter}", 1)
        for number in range(paragraphs):
            start = (chapter * 7 + number) % len(WORDS)
            words = (WORDS[start:] + WORDS[:start]) * 2
            document.add_paragraph(f"Paragraph {chapter}.{number}: " + " ".join(words))
        document.add_heading(f"{chapter}.1 Controls", 2)
        for item in range(4):
            document.add_paragraph(f"Control {chapter}.{item}", style="List Bullet")
    document.add_heading(f"{chapters + 1} Procedure", 1)
    for step in range(1, 9):
        document.add_paragraph(f"Step {step} of the review", style="List Number")
    document.add_heading(f"{chapters + 2} Responsibilities", 1)
    add_table(
        document,
        [RACI] + [[f"Task {n}", "Owner", "CISO", "Legal", "Staff"] for n in range(6)],
    )
    return saved(document)
