"""Evidence packs (issue 14): for one clause, some clauses or the whole library as
of a day, a ZIP holding the PDF and the record (JSON) of each issue in force that
day, the register and the records register as of that day (CSV), the
acknowledgement figures of each issue (CSV), the chain verification's result, and
a manifest (manifest.json) of every file's SHA-256 and size.

Built with the requester's access (policies.access.visible): what they may not
read is not in their pack. `build_pack` is run by the background task
(workflows.evidence_tasks) and records its progress on the EvidencePack row."""

import csv
import hashlib
import io
import json
import zipfile
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import OuterRef, Q, Subquery
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from policies.access import visible
from policies.models import ControlledDocumentPage

from .history import as_approved, disposed_of
from .models import DocumentIssue, EvidencePack
from .pdf import render_pdf
from .reading_selectors import acknowledged_as_of
from .records_register import RecordFilters, records_csv, register_records
from .register import csv_lines
from .register_query import (
    annotate_as_of,
    is_withdrawn_then,
    row_values,
    with_columns,
)

MANIFEST = "manifest.json"
ACKNOWLEDGEMENT_COLUMNS = [
    "Number",
    "Version",
    "Asked",
    "Acknowledged",
    "Outstanding",
    "Share acknowledged (%)",
]


def packs_root() -> Path:
    return Path(settings.EVIDENCE_PACKS_ROOT)


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def documents_for(user, clauses) -> list[ControlledDocumentPage]:
    """The documents `user` may see, those mapped to `clauses` when any are given,
    each annotated with what was in force at the end of the pack's day."""
    documents = visible(ControlledDocumentPage.objects, user).select_related(
        "document_owner", "content_type"
    )
    if clauses:
        documents = documents.filter(clauses__number__in=clauses).distinct()
    return documents.order_by("document_number")


def in_force(documents, as_of: date) -> list[tuple]:
    """(document, issue) for each document with an issue in force at the end of
    `as_of` (issued by then and not withdrawn then): two queries, whatever the
    number of documents (no OR of thousands, which SQLite refuses)."""
    issue_then = (
        DocumentIssue.objects.filter(document=OuterRef("pk"), effective_from__lte=as_of)
        .order_by("-major", "-minor")
        .values("pk")[:1]
    )
    annotated = [
        document
        for document in annotate_as_of(documents, as_of).annotate(
            as_of_issue=Subquery(issue_then)
        )
        if document.as_of_major is not None and not is_withdrawn_then(document)
    ]
    issues = DocumentIssue.objects.select_related("revision", "next_issue").in_bulk(
        [document.as_of_issue for document in annotated]
    )
    return [(document, issues[document.as_of_issue]) for document in annotated]


def issue_record(document, issue, tombstone=None) -> dict:
    """An issue as its record holds it (docs/invariants.md, 4)."""
    effective_to = issue.effective_to
    record = {
        "document_number": document.document_number,
        "title": document.title,
        "label": issue.label,
        "significance": issue.significance,
        "change_summary": issue.change_summary,
        "effective_from": issue.effective_from.isoformat(),
        "effective_to": effective_to.isoformat() if effective_to else None,
        "content_hash": issue.content_hash,
        "chain_hash": issue.chain_hash,
        "previous_issue": issue.previous_id,
        "recorded_at": issue.created_at.isoformat(),
        "sign_offs": issue.sign_offs,
    }
    if tombstone is not None:
        record["disposed_of"] = True
    return record


def request_for(user):
    """A request as the PDF template needs one (links, the check page's QR code),
    on the site's own address."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    request = RequestFactory().get(
        "/",
        HTTP_HOST=address.netloc or "localhost",
        secure=address.scheme == "https",
    )
    request.user = user
    return request


def issue_pdf(request, document, issue) -> bytes:
    """The issue's controlled copy, marked as it stands today (workflows.pdf)."""
    if document.withdrawn:
        status, watermark = "Withdrawn", "WITHDRAWN"
    elif issue.effective_to is not None:
        status, watermark = "Superseded", "SUPERSEDED"
    else:
        status, watermark = "Current", ""
    check_url = request.build_absolute_uri(
        reverse("check_issue", args=(document.document_number, issue.label))
    )
    return render_pdf(
        request,
        as_approved(issue),
        issue=issue,
        status=status,
        watermark=watermark,
        check_url=check_url,
    )


def register_file(user, documents, as_of) -> bytes:
    """The register as of the day, of the pack's documents (workflows.register)."""
    rows = row_values(with_columns(documents, as_of))
    return "".join(csv_lines(rows)).encode()


def records_file(user, clauses, as_of) -> bytes:
    """The records the user may read whose period began by the day, of the pack's
    clauses when any are given (workflows.records_register)."""
    rows = register_records(user, RecordFilters(period_to=as_of))
    if clauses:
        rows = rows.filter(
            Q(kind__clause__number__in=clauses) | Q(clauses__number__in=clauses)
        ).distinct()
    return records_csv(rows, user).content


def csv_bytes(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def acknowledgement_files(pairs, as_of) -> dict[str, bytes]:
    """The figures of each issue that asked for reading, as of the end of the day:
    a summary and, per issue, who acknowledged it and when and who had not."""
    files, summary = {}, []
    for document, _issue in pairs:
        figures = acknowledged_as_of(document, as_of)
        issue = figures["issue"]
        done, outstanding = figures["acknowledged"], figures["outstanding"]
        asked = len(done) + len(outstanding)
        if issue is None or not (done or outstanding):
            continue
        number = document.document_number
        share = round(100 * len(done) / asked) if asked else ""
        summary.append([number, issue.label, asked, len(done), len(outstanding), share])
        rows = [
            [a.user.get_username(), "Acknowledged", a.at.isoformat()] for a in done
        ] + [[r.user.get_username(), "Outstanding", ""] for r in outstanding]
        files[f"acknowledgements/{number}-{issue.label}.csv"] = csv_bytes(
            ["Person", "Status", "Acknowledged at"], rows
        )
    if summary:
        files["acknowledgements/summary.csv"] = csv_bytes(
            ACKNOWLEDGEMENT_COLUMNS, summary
        )
    return files


def chain_verification() -> str:
    """verify_document_chain's result, run in-process: its report, or its list of
    problems."""
    out = io.StringIO()
    try:
        call_command("verify_document_chain", "--allow-empty", stdout=out)
    except CommandError as error:
        return f"FAILED\n{error}\n"
    return f"OK\n{out.getvalue()}"


class Progress:
    """Counts the pack's steps on its row, one UPDATE per step."""

    def __init__(self, pack: EvidencePack, total: int):
        self.pack, self.done = pack, 0
        EvidencePack.objects.filter(pk=pack.pk).update(
            progress_total=total, progress_done=0
        )

    def step(self):
        self.done += 1
        EvidencePack.objects.filter(pk=self.pack.pk).update(progress_done=self.done)


def build_pack(pack: EvidencePack) -> Path:
    """Write the pack's ZIP under EVIDENCE_PACKS_ROOT and record it on the row."""
    user, as_of, clauses = pack.requested_by, pack.as_of, pack.clauses
    documents = documents_for(user, clauses)
    pairs = in_force(documents, as_of)
    tombstones = disposed_of([issue for _, issue in pairs])
    progress = Progress(pack, len(pairs) + 4)
    request = request_for(user)
    files: dict[str, bytes] = {}
    for document, issue in pairs:
        stem = f"issues/{document.document_number}-{issue.label}"
        tombstone = tombstones.get(issue.pk)
        record = issue_record(document, issue, tombstone)
        files[f"{stem}.json"] = json.dumps(record, indent=2).encode()
        if tombstone is None:  # a disposed issue's content is gone
            files[f"{stem}.pdf"] = issue_pdf(request, document, issue)
        progress.step()
    files["register.csv"] = register_file(user, documents, as_of)
    progress.step()
    files["records.csv"] = records_file(user, clauses, as_of)
    progress.step()
    files.update(acknowledgement_files(pairs, as_of))
    progress.step()
    files["chain-verification.txt"] = chain_verification().encode()
    progress.step()
    manifest = {
        "as_of": as_of.isoformat(),
        "clauses": clauses,
        "requested_by": user.get_username(),
        "generated_at": timezone.now().isoformat(),
        "files": [
            {"name": name, "sha256": sha256_of(content), "size": len(content)}
            for name, content in files.items()
        ],
    }
    root = packs_root()
    root.mkdir(parents=True, exist_ok=True)
    path = root / pack.file_name
    partial = path.with_suffix(".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
    partial.replace(path)
    content = path.read_bytes()
    EvidencePack.objects.filter(pk=pack.pk).update(
        file=pack.file_name, size=len(content), sha256=sha256_of(content)
    )
    return path


def manifest_problems(archive: zipfile.ZipFile) -> list[str]:
    """Each file of the pack missing, extra, or not the size or SHA-256 its
    manifest says (verify_evidence_pack)."""
    try:
        manifest = json.loads(archive.read(MANIFEST))
        listed = {entry["name"]: entry for entry in manifest["files"]}
    except (KeyError, ValueError, TypeError) as error:
        return [f"{MANIFEST} is missing or unreadable ({error})"]
    names = set(archive.namelist()) - {MANIFEST}
    problems = [
        f"{name}: in the pack but not in the manifest"
        for name in sorted(names - set(listed))
    ]
    for name, entry in listed.items():
        if name not in names:
            problems.append(f"{name}: listed in the manifest but missing")
            continue
        content = archive.read(name)
        if len(content) != entry.get("size"):
            problems.append(
                f"{name}: size {len(content)} bytes, "
                f"the manifest says {entry.get('size')}"
            )
        if sha256_of(content) != entry.get("sha256"):
            problems.append(f"{name}: SHA-256 differs from the manifest")
    return problems
