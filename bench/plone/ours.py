"""Our side of bench/plone/run, on its throwaway database (DJANGO_SETTINGS_MODULE
and DATABASE_URL set by the script):

    python -m bench.plone.ours grow SIZE           # bench/generate.py grow(SIZE)
    python -m bench.plone.ours export TEXTS.json   # what staff can find, as text

`export` writes what the staff search page searches, as plain text: each
document in force that the demo's `staff` may read (title, purpose and body,
search/text.py's document_text) with the slug of its library section, and each
guidance entry (guidance_text); and the targets the timing reads (the document
page, the document the owner edits, the queries)."""

import json
import sys

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.generate import grow  # noqa: E402
from bench.scale_probes import EDIT_DOCUMENT, QUERIES, READ_DOCUMENT  # noqa: E402
from policies.models import ControlledDocumentPage  # noqa: E402
from search.answers import current_documents  # noqa: E402
from search.related import guidance_entries  # noqa: E402
from search.text import document_text, guidance_text  # noqa: E402


def texts():
    staff = get_user_model().objects.get(username="staff")
    documents = current_documents(staff).specific().order_by("path")
    for page in documents.iterator(chunk_size=500):
        yield {
            "id": page.document_number.lower(),
            "section": page.url_path.strip("/").split("/")[-2],
            "title": page.title,
            "text": document_text(page),
        }
    for entry in guidance_entries().order_by("pk"):
        yield {
            "id": f"guidance-{entry.pk}",
            "section": "guidance",
            "title": entry.title,
            "text": guidance_text(entry),
        }


def plone_path(page):
    """Where bench/plone/plone_site.py puts the document in Plone's library."""
    return f"{page.url_path.strip('/').split('/')[-2]}/{page.document_number.lower()}"


def targets():
    pages = ControlledDocumentPage.objects.filter(
        slug__in=[READ_DOCUMENT, EDIT_DOCUMENT]
    )
    by_slug = {page.slug: page for page in pages}
    read, edit = by_slug[READ_DOCUMENT], by_slug[EDIT_DOCUMENT]
    return {
        "queries": QUERIES,
        "documents": ControlledDocumentPage.objects.count(),
        "read": {"url": read.url, "path": plone_path(read)},
        "edit": {
            "url": reverse("wagtailadmin_pages:edit", args=(edit.pk,)),
            "path": plone_path(edit),
        },
    }


def main(argv):
    command, argument = argv
    if command == "grow":
        seconds = grow(int(argument))
        print(f"grown to {ControlledDocumentPage.objects.count():,} in {seconds:.0f} s")
    elif command == "export":
        rows = list(texts())
        with open(argument, "w") as out:
            json.dump({"targets": targets(), "texts": rows}, out)
        print(f"exported {len(rows):,} texts")
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
