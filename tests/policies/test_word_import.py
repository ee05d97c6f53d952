"""Word files map to the body's blocks (policies.word_import)."""

import io
import zipfile

import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from policies.blocks import DocumentBodyBlock
from policies.word_files import ImportRefused, check_docx
from policies.word_import import convert
from tests.policies import word_files
from tests.policies.word_files import add_table, new_document, saved


def blocks_of(imported, kind):
    return [block["value"] for block in imported.body if block["type"] == kind]


def test_headings_become_sections_and_deeper_headings_their_sub_headings():
    imported = convert(word_files.incident_procedure())

    headings = [value["heading"] for value in blocks_of(imported, "section")]
    assert headings == ["Purpose", "Scope"]
    scope = blocks_of(imported, "section")[1]["body"]
    assert ">Definitions</h3>" in scope
    assert "An incident is an unplanned interruption." in scope
    assert imported.title == "Incident management procedure"


def test_a_numbered_list_under_procedure_becomes_procedure_steps():
    imported = convert(word_files.incident_procedure())

    (steps,) = blocks_of(imported, "steps")
    assert steps["heading"] == "Procedure"
    assert [step["text"] for step in steps["steps"]] == [
        "Log the incident",
        "Classify and prioritise",
        "Resolve and close",
    ]
    assert any("responsible role" in note for note in imported.unmapped)


def test_a_numbered_list_elsewhere_stays_a_list_in_its_section():
    document = new_document()
    document.add_heading("Scope", 1)
    document.add_paragraph("First service", style="List Number")
    imported = convert(saved(document))

    assert blocks_of(imported, "steps") == []
    assert "<ol>" in blocks_of(imported, "section")[0]["body"]


def test_a_raci_table_becomes_a_raci_block():
    imported = convert(word_files.incident_procedure())

    (raci,) = blocks_of(imported, "raci")
    assert raci["caption"] == "Responsibilities"
    assert raci["rows"][0] == {
        "activity": "Log the incident",
        "responsible": "Service desk",
        "accountable": "Incident manager",
        "consulted": "",
        "informed": "Customer",
    }


def test_another_table_becomes_a_table_block():
    imported = convert(word_files.incident_procedure())

    (table,) = blocks_of(imported, "table")
    assert table == {
        "caption": "Priorities",
        "header": ["Priority", "Target"],
        "rows": [["P1", "4 hours"], ["P2", "1 working day"]],
    }
    # The block takes the value: the body renders with it.
    body = DocumentBodyBlock().to_python(imported.body)
    assert "1 working day" in body.render_as_block()


def test_links_bold_and_italic_survive_as_the_editor_stores_them():
    imported = convert(word_files.incident_procedure())

    purpose = blocks_of(imported, "section")[0]["body"]
    assert "<b>normal service</b>" in purpose
    assert "<i>quickly</i>" in purpose
    assert '<a href="https://intranet.example.com/cat">the service catalogue</a>' in (
        purpose
    )
    assert imported.purpose == (
        "Restore normal service as quickly as possible; see the service catalogue."
    )


def test_rich_text_keeps_only_what_the_editor_allows():
    document = new_document()
    document.add_heading("Scope", 1)
    paragraph = document.add_paragraph("Plain ")
    paragraph.add_run("struck").font.strike = True
    word_files.add_link(paragraph, "bad", "javascript:alert(1)")
    imported = convert(saved(document))

    body = blocks_of(imported, "section")[0]["body"]
    assert "javascript" not in body
    assert "<s>" not in body
    assert "struck" in body
    assert any("<s>" in note for note in imported.unmapped)


def test_a_realistic_multi_page_policy_maps_every_chapter():
    imported = convert(word_files.long_policy(chapters=12, paragraphs=6))

    sections = blocks_of(imported, "section")
    assert [value["heading"] for value in sections] == [
        f"{n} Chapter {n}" for n in range(1, 13)
    ]
    assert all(value["body"].count("<p ") == 6 for value in sections)
    assert all(
        ">" + f"{n}.1 Controls</h3>" in v["body"] for n, v in enumerate(sections, 1)
    )
    assert len(blocks_of(imported, "steps")[0]["steps"]) == 8
    assert len(blocks_of(imported, "raci")[0]["rows"]) == 6
    assert imported.title == "Information security policy"
    assert imported.purpose.startswith("Paragraph 1.0:")


def test_images_and_comments_are_listed_as_not_mapped():
    document = new_document()
    document.add_heading("Scope", 1)
    paragraph = document.add_paragraph("Reviewed text.")
    document.add_comment(paragraph.runs, text="Is this right?", author="Olivia")
    word_files.add_image(document)
    imported = convert(saved(document))

    assert any(note.startswith("Images were left out") for note in imported.unmapped)
    assert "Comments (1) were left out." in imported.unmapped
    assert "<img" not in blocks_of(imported, "section")[0]["body"]


def test_unrecognised_styles_are_listed():
    document = new_document()
    document.add_heading("Scope", 1)
    document.add_paragraph("Quoted.", style="Quote")
    imported = convert(saved(document))

    assert any("“Quote”" in note for note in imported.unmapped)


def test_a_document_without_text_is_refused():
    with pytest.raises(ImportRefused, match="empty"):
        convert(saved(new_document()))


def test_a_table_alone_is_enough():
    document = new_document()
    add_table(document, [word_files.RACI, ["Log", "Desk", "Manager", "", ""]])
    imported = convert(saved(document))

    assert blocks_of(imported, "raci")[0]["caption"] == "Responsibilities"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, r"older Word document"),
        (b"%PDF-1.7 not a zip", "not a Word document"),
        (b"PK\x03\x04" + b"\x00garbage" * 50, "damaged"),
    ],
    ids=["empty", "renamed-doc", "pdf", "malformed-zip"],
)
def test_what_is_not_a_docx_is_refused_with_a_reason(data, reason):
    with pytest.raises(ImportRefused, match=reason):
        check_docx(data)


def test_a_zip_without_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ImportRefused, match="holds no Word document"):
        check_docx(buffer.getvalue())


def test_tracked_changes_are_listed_as_accepted():
    document = new_document()
    document.add_heading("Scope", 1)
    paragraph = document.add_paragraph("Kept ")
    insertion = OxmlElement("w:ins")
    for name, value in [
        ("w:id", "1"),
        ("w:author", "Olivia"),
        ("w:date", "2026-01-01T00:00:00Z"),
    ]:
        insertion.set(qn(name), value)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "inserted"
    run.append(text)
    insertion.append(run)
    paragraph._p.append(insertion)
    imported = convert(saved(document))

    assert "Kept inserted" in blocks_of(imported, "section")[0]["body"]
    assert any(note.startswith("Tracked changes") for note in imported.unmapped)
