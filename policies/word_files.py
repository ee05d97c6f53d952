"""Word files as they arrive: what is refused before anything is read into a
document (not a .docx, damaged, too large, empty), and what mammoth passes over
without a word (comments, tracked changes)."""

import io
import zipfile
import zlib

from django.conf import settings
from django.template.defaultfilters import filesizeformat

ZIP_SIGNATURE = b"PK\x03\x04"
# Word 97-2003 (.doc) and the other Office files before 2007 are OLE compound files.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOCX_MAIN_PART = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
# A zip that unpacks to many times the upload limit is refused before reading it.
UNPACKED_RATIO = 10


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, for the owner."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_upload(upload) -> bytes:
    """The bytes of an uploaded .docx, refused before reading when too large."""
    limit = settings.WORD_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ImportRefused(
            f"The file is {filesizeformat(upload.size)}; the largest Word file "
            f"that can be imported is {filesizeformat(limit)}."
        )
    data = upload.read()
    check_docx(data)
    return data


def check_docx(data: bytes) -> None:
    """Refuse whatever is not a readable Word (.docx) file, saying what it is."""
    if not data:
        raise ImportRefused("The file is empty: there is nothing to import.")
    if data.startswith(OLE_SIGNATURE):
        raise ImportRefused(
            "This is an older Word document (.doc, Word 97-2003) or another older "
            "Office file, whatever its name says. Open it in Word, save it as "
            "“Word Document (.docx)” and import that file."
        )
    if not data.startswith(ZIP_SIGNATURE):
        raise ImportRefused(
            "This is not a Word document (.docx): a .docx file is a zip archive, "
            "and this file is not one."
        )
    damaged = ImportRefused(
        "The file is damaged: its zip archive cannot be read. Save it again from "
        "Word and import the new file."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "[Content_Types].xml" not in archive.namelist():
                raise ImportRefused(
                    "This is a zip archive but not a Word document (.docx): it has "
                    "no [Content_Types].xml."
                )
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > UNPACKED_RATIO * settings.WORD_IMPORT_MAX_BYTES:
                raise ImportRefused(
                    f"The file unpacks to {filesizeformat(unpacked)}, far more than "
                    "a Word document holds; it was not read."
                )
            if archive.testzip() is not None:
                raise damaged
            content_types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError):
        raise damaged from None
    if DOCX_MAIN_PART not in content_types:
        raise ImportRefused(
            "This is not a Word document (.docx): the archive holds no Word "
            "document (it may be a spreadsheet, a presentation or a macro-enabled "
            "file renamed .docx)."
        )


def package_notes(data: bytes) -> list[str]:
    """What mammoth passes over without a word: comments and tracked changes."""
    notes = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        document = (
            archive.read("word/document.xml") if "word/document.xml" in names else b""
        )
        if "word/comments.xml" in names:
            count = archive.read("word/comments.xml").count(b"<w:comment ")
            if count:
                notes.append(f"Comments ({count}) were left out.")
    if b"<w:ins " in document or b"<w:del " in document:
        notes.append(
            "Tracked changes were imported as if all were accepted (insertions "
            "kept, deletions dropped): check the text."
        )
    return notes
