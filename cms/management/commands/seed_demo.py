"""Load the demo ITSMS: users in the role groups, library sections, every document
in cms/demo/ with its approval history, the records in cms/demo/records/, and the
guidance corpus. Idempotent: what exists already is left alone."""

from datetime import date, timedelta
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Page

from cms.demo_history import issue_history
from cms.demo_records import load_records
from policies.models import (
    AgreementPage,
    Clause,
    ControlledDocumentPage,
    DocumentLibraryPage,
    ExternalDocumentPage,
    PlanPage,
    PolicyPage,
    ProcedurePage,
    ProcessArea,
    ProcessPage,
    RequiredItem,
    ServiceCataloguePage,
    ServiceManagementPlanPage,
    WorkInstructionPage,
)
from search.loading import load_guidance
from workflows.actions.reading import AcknowledgeAction

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
LIBRARY_URL_PATH = "/home/library/"
DEFAULT_PASSWORD = "itsms-demo-2026"  # noqa: S105 - documented demo password

USERS = [
    ("owner", "Olivia", "Owens", "Document owners"),
    ("reviewer", "Ravi", "Raman", "Reviewers"),
    ("approver", "Amara", "Adeyemi", "Approvers"),
    ("auditor", "Aldo", "Auer", "Auditors"),
    ("staff", "Sam", "Stewart", "Staff"),
    # Process owners, as the RACI tables of their documents name them.
    ("carlos", "Carlos", "Costa", "Document owners"),
    ("ingrid", "Ingrid", "Iversen", "Document owners"),
    ("leah", "Leah", "Lindqvist", "Document owners"),
    ("connor", "Connor", "Kelly", "Document owners"),
    ("sofia", "Sofia", "Silva", "Document owners"),
    ("farah", "Farah", "Fischer", "Document owners"),
]
# What the demo's staff member has already read and acknowledged: My reading shows
# both what is done and what is due.
ACKNOWLEDGED_BY_STAFF = {"service-management-policy", "incident-management-procedure"}
SECTIONS = [
    ("governance", "Plans and policies"),
    ("service-agreements", "Service catalogue and agreements"),
    ("processes-and-procedures", "Processes and procedures"),
    ("work-instructions", "Work instructions"),
    ("external-documents", "External documents"),
]
PAGE_TYPES = {
    "smp": ServiceManagementPlanPage,
    "policy": PolicyPage,
    "process": ProcessPage,
    "procedure": ProcedurePage,
    "work_instruction": WorkInstructionPage,
    "plan": PlanPage,
    "agreement": AgreementPage,
    "service_catalogue": ServiceCataloguePage,
    "external": ExternalDocumentPage,
}


def read_demo_documents():
    """The demo documents in a fixed order, so numbers are the same on every machine."""
    order = list(PAGE_TYPES)
    documents = []
    for path in sorted(DEMO_DIR.glob("*.yaml")):
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
        if data.get("slug") != path.stem or data.get("type") not in PAGE_TYPES:
            raise CommandError(
                f"{path.name}: slug must equal the file name and type "
                f"be one of {', '.join(PAGE_TYPES)}."
            )
        documents.append(data)
    return sorted(documents, key=lambda d: (order.index(d["type"]), d["slug"]))


class Command(BaseCommand):
    help = "Load the demo ITSMS (users, library sections, documents). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password for new demo users (default: {DEFAULT_PASSWORD}).",
        )

    @transaction.atomic
    def handle(self, *args, password, **options):
        users = self.create_users(password)
        library = Page.objects.get(url_path=LIBRARY_URL_PATH).specific
        sections = {
            slug: self.get_or_create_section(library, slug, title)
            for slug, title in SECTIONS
        }
        created = self.create_documents(sections, users)
        records = load_records(users)
        self.stdout.write(f"Records: {records} filed.")
        guidance = load_guidance()
        self.stdout.write(f"Guidance corpus: {guidance} entries loaded.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ITSMS ready: {len(created)} document(s) created, "
                f"{sum(1 for _ in read_demo_documents()) - len(created)} already there."
            )
        )

    def create_users(self, password):
        User = get_user_model()
        users = {}
        for username, first_name, last_name, group_name in USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@example.com",
                },
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
                user.groups.add(Group.objects.get(name=group_name))
                self.stdout.write(f"Created user {username} ({group_name}).")
            users[username] = user
        return users

    def get_or_create_section(self, library, slug, title):
        section = (
            DocumentLibraryPage.objects.child_of(library).filter(slug=slug).first()
        )
        if section is None:
            section = library.add_child(
                instance=DocumentLibraryPage(title=title, slug=slug)
            )
            section.save_revision().publish()
        return section

    def create_documents(self, sections, users):
        approvers = Group.objects.get(name="Approvers")
        clauses = {clause.number: clause for clause in Clause.objects.all()}
        areas = {area.slug: area for area in ProcessArea.objects.all()}
        items = {item.code: item for item in RequiredItem.objects.all()}
        today = date.today()
        created = []
        for index, data in enumerate(read_demo_documents()):
            section = sections[data["folder"]]
            if section.get_children().filter(slug=data["slug"]).exists():
                continue
            # Spread effective dates over the past year so reviews fall due at
            # different times, as in a real library.
            effective = today - timedelta(
                days=data.get("effective_days_ago", 30 + 19 * index)
            )
            owner = users[data.get("owner", "owner")]
            page = PAGE_TYPES[data["type"]](
                # Documents added to the demo later keep numbers after the first
                # ones: those are named in tests, guides and bookmarks.
                document_number=data.get("number", ""),
                title=data["title"],
                slug=data["slug"],
                purpose=data["purpose"].strip(),
                document_owner=owner,
                approving_group=approvers,
                process_area=areas[data["process_area"]],
                classification=data["classification"],
                review_interval_months=data["review_interval_months"],
                audience_everyone=data.get("audience") == "everyone",
                acknowledge_within_days=data.get("acknowledge_within_days", 14),
                live=False,  # goes live when issue 1.0 is issued below
            )
            if data["type"] == "external":
                self.attach_external_file(page, data["external"], owner)
            page.clauses.set([clauses[number] for number in data["clauses"]])
            page.required_items.set(
                [items[code] for code in data.get("required_items") or []]
            )
            page.approvers.set([users["approver"]])
            if isinstance(data.get("audience"), list):
                page.audience_groups.set(
                    Group.objects.filter(name__in=data["audience"])
                )
            section.add_child(instance=page)
            created.append((page, data, effective))
        # Bodies last: references may point at documents created later in the loop.
        slugs = {p.slug: p.pk for p, _, _ in created}
        slugs.update(
            Page.objects.filter(
                url_path__startswith=LIBRARY_URL_PATH, depth__gte=5
            ).values_list("slug", "pk")
        )
        for page, data, effective in created:
            issues = issue_history(
                page,
                data,
                lambda body: self.stream_data(body, slugs, clauses),
                users,
                effective,
                today,
            )
            self.stdout.write(
                f"Issued {page.document_number} {page.title} as "
                + ", ".join(issue.label for issue in issues)
                + "."
            )
            if page.slug in ACKNOWLEDGED_BY_STAFF:
                AcknowledgeAction(issues[-1], user=users["staff"]).execute()
        return created

    def attach_external_file(self, page, external, owner):
        Document = get_document_model()
        document = Document(title=page.title, uploaded_by_user=owner)
        document.file.save(
            external["file_name"],
            ContentFile(external["file_text"].encode("utf-8")),
            save=False,
        )
        document.save()
        page.file = document
        page.source = external["source"]
        page.external_reference = external["external_reference"]
        page.date_received = date.fromisoformat(external["date_received"])

    @staticmethod
    def stream_data(body, slugs, clauses):
        blocks = []
        for block in body:
            value = block["value"]
            if block["type"] == "references":
                value = {
                    "documents": [slugs[slug] for slug in value.get("documents", [])],
                    "clauses": [clauses[n].pk for n in value.get("clauses", [])],
                    "external": value.get("external", []),
                }
            blocks.append({"type": block["type"], "value": value})
        # Stored as the editor stores it: every block and list item with an id of
        # its own. Left without, each read would invent new ones (Wagtail's
        # reference index then rewrites its rows on every save).
        body = ControlledDocumentPage._meta.get_field("body").stream_block
        value = body.to_python(blocks)
        list(value)  # each block read as a value: its lists are stored with ids
        return value.get_prep_value()
