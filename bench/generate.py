"""Many realistic controlled documents, fast: `generate(section, count)`.

Adding pages one at a time with `parent.add_child(instance=page)` re-reads the
parent, saves the tree and re-indexes the whole library's title statistics on
every page: 10,000 documents took about 30 minutes. Here each batch of pages is
inserted as Wagtail would leave it, in a few multi-row INSERTs:

- tree fields computed as treebeard's MP_Node.add_child does (path = the
  parent's path + the next step, depth, the parent's numchild bumped once),
  and as Wagtail's Page.save does (url_path, draft_title, locale,
  translation_key, live and latest revisions);
- controlled documents inherit across three tables (Page ->
  ControlledDocumentPage -> PolicyPage...), which `bulk_create` refuses, so each
  table's rows go through `_insert`, the private helper `bulk_create` and
  `Model.save` themselves use, with that table's own concrete fields;
- each live document has 1 to 3 issues written as IssueRevisionAction writes
  them (revision content, content hash, sign-offs, chain hash), so
  `verify_document_chain` passes; a few are withdrawn, a few are drafts never
  issued;
- document numbers are set here and the per-type sequences moved past them;
- the search index is built once, at the end, with the
  backend's `add_bulk` (no signal fires for rows inserted this way).
"""

import json
import random
import time
import uuid
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from bench.generate_history import write_history
from policies.models import (
    Clause,
    ControlledDocumentPage,
    DocumentLibraryPage,
    DocumentNumberSequence,
    PolicyPage,
    ProcedurePage,
    ProcessArea,
    ProcessPage,
    WorkInstructionPage,
)
from policies.models.numbering import format_document_number
from search.models import GuidanceEntry
from search.text import guidance_text
from workflows.coverage_cache import forget_coverage

# Types and their share of a real library: many procedures and work instructions,
# fewer policies and processes.
TYPES = [
    (ProcedurePage, 4),
    (WorkInstructionPage, 3),
    (PolicyPage, 2),
    (ProcessPage, 1),
]
OWNERS = ["owner", "carlos", "ingrid", "leah", "connor", "sofia", "farah"]
WITHDRAWN_EVERY, DRAFT_EVERY = 97, 53  # about 1 % withdrawn, 2 % never issued
BATCH = 500
# bench/scale grows the library into a section of 500 documents, then into three
# of the demo's sections.
BIG_SECTION = "section-of-500"
SPREAD = ["governance", "processes-and-procedures", "work-instructions"]


class Corpus:
    """Sentences of the guidance corpus loaded by seed_demo: real vocabulary and
    sentence lengths (the approach of bench/test_search_speed.py)."""

    def __init__(self, rng):
        self.rng = rng
        self.sentences = [
            sentence.strip() + "."
            for entry in GuidanceEntry.objects.all()
            for sentence in guidance_text(entry).split(".")
            if len(sentence.split()) > 4
        ]
        self.words = sorted(
            {w for s in self.sentences for w in s.split() if w.isalpha() and len(w) > 3}
        )

    def title(self, kind):
        return f"{' '.join(self.rng.sample(self.words, 3)).capitalize()} {kind}"

    def body(self):
        """Three sections of five sentences: about 400 words."""
        return [
            {
                "type": "section",
                "id": str(uuid.uuid4()),
                "value": {
                    "heading": " ".join(self.rng.sample(self.words, 2)).capitalize(),
                    "body": "<p>"
                    + " ".join(self.rng.sample(self.sentences, 5))
                    + "</p>",
                },
            }
            for _ in range(3)
        ]


class Context:
    """What every batch needs, read once."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.corpus = Corpus(self.rng)
        users = get_user_model().objects.in_bulk(
            ["owner", "reviewer", "approver", *OWNERS], field_name="username"
        )
        self.owners = [users[name] for name in OWNERS]
        self.reviewer, self.approver = users["reviewer"], users["approver"]
        self.approvers_group = Group.objects.get(name="Approvers")
        self.clauses = list(Clause.objects.all())
        self.areas = list(ProcessArea.objects.all())
        self.page_type = ContentType.objects.get_for_model(Page)
        self.today = date.today()
        self.numbers = {}  # prefix -> last value used
        for model, _share in TYPES:
            prefix = model.number_prefix
            self.numbers[prefix] = max(
                [
                    int(n.rsplit("-", 1)[1])
                    for n in ControlledDocumentPage.objects.filter(
                        document_number__startswith=f"{prefix}-"
                    ).values_list("document_number", flat=True)
                ]
                + list(
                    DocumentNumberSequence.objects.filter(prefix=prefix).values_list(
                        "last_value", flat=True
                    )
                )
                + [0]
            )

    def next_number(self, model):
        self.numbers[model.number_prefix] += 1
        return format_document_number(
            model.number_prefix, self.numbers[model.number_prefix]
        )

    def save_sequences(self):
        for prefix, value in self.numbers.items():
            DocumentNumberSequence.objects.update_or_create(
                prefix=prefix, defaults={"last_value": value}
            )


def generate(section, count, seed=20000):
    """`count` documents in the library section `section` (a DocumentLibraryPage),
    indexed for search. Returns their primary keys."""
    ctx = Context(seed)
    pks = []
    with transaction.atomic():
        section = Page.objects.select_for_update().get(pk=section.pk)
        last = section.get_last_child()
        step = Page._str2int(last.path[-Page.steplen :]) if last else 0
        for start in range(0, count, BATCH):
            size = min(BATCH, count - start)
            pks += insert_batch(ctx, section, step + start + 1, size)
        Page.objects.filter(pk=section.pk).update(numchild=section.numchild + count)
        ctx.save_sequences()
    index(pks)
    forget_coverage()  # inserted rows send no post_save
    return pks


def grow(size):
    """Generate documents until the library holds `size`: first a section of 500
    (fewer when `size` is small), the rest spread over three demo sections.
    Returns the seconds it took."""
    started = time.perf_counter()
    needed = size - ControlledDocumentPage.objects.count()
    big = DocumentLibraryPage.objects.filter(slug=BIG_SECTION).first()
    if big is None and needed > 0:
        library = DocumentLibraryPage.objects.get(url_path="/home/library/")
        big = library.add_child(
            instance=DocumentLibraryPage(title="A section of 500", slug=BIG_SECTION)
        )
        big.save_revision().publish()
        generate(big, min(500, needed), seed=size)
        needed -= min(500, needed)
    sections = DocumentLibraryPage.objects.filter(slug__in=SPREAD).order_by("path")
    for n, section in enumerate(sections):
        share = needed // len(SPREAD) + (n < needed % len(SPREAD))
        if share > 0:
            generate(section, share, seed=size * 10 + n)
    return time.perf_counter() - started


def insert_batch(ctx, section, first_step, size):
    rng = ctx.rng
    models = rng.choices([m for m, _ in TYPES], weights=[w for _, w in TYPES], k=size)
    documents = []
    for offset, model in enumerate(models):
        n = first_step + offset
        kind = model._meta.verbose_name
        title = ctx.corpus.title(kind)
        owner = rng.choice(ctx.owners)
        page = model(
            title=title,
            draft_title=title,
            slug=f"{slugify(title)[:40]}-{n}",
            path=Page._get_path(section.path, section.depth + 1, n),
            depth=section.depth + 1,
            numchild=0,
            locale_id=section.locale_id,
            translation_key=uuid.uuid4(),
            content_type=ContentType.objects.get_for_model(model),
            owner=owner,
            document_number=ctx.next_number(model),
            document_owner=owner,
            approving_group=ctx.approvers_group,
            process_area=rng.choice(ctx.areas),
            purpose=" ".join(rng.sample(ctx.corpus.sentences, 2)),
            body=json.dumps(ctx.corpus.body()),
            review_interval_months=rng.choice([12, 12, 24]),
        )
        page.url_path = f"{section.url_path}{page.slug}/"
        documents.append(page)
    insert_rows(documents)
    by_model = {}
    for page in documents:
        by_model.setdefault(type(page), []).append(page)
    clause_links = ControlledDocumentPage.clauses.through
    clause_links.objects.bulk_create(
        clause_links(controlleddocumentpage_id=page.pk, clause_id=clause.pk)
        for page in documents
        for clause in rng.sample(ctx.clauses, rng.randint(1, 3))
    )
    approver_links = ControlledDocumentPage.approvers.through
    approver_links.objects.bulk_create(
        approver_links(controlleddocumentpage_id=page.pk, user_id=ctx.approver.pk)
        for page in documents
    )
    for number, page in enumerate(documents, start=first_step):
        page.withdrawn = number % WITHDRAWN_EVERY == 0
        page.never_issued = not page.withdrawn and number % DRAFT_EVERY == 0
    write_history(ctx, documents)
    return [page.pk for page in documents]


def insert_rows(documents):
    """One INSERT per table and batch: wagtailcore_page (ids returned), then
    the controlled document table and the type's own table, keyed by that id."""
    insert(Page, documents, returning=True)
    for page in documents:
        for parent_link in type(page)._meta.parents.values():
            setattr(page, parent_link.attname, page.id)
        page.page_ptr_id = page.controlleddocumentpage_ptr_id = page.id
    insert(ControlledDocumentPage, documents)
    models = {type(page) for page in documents}
    for model in sorted(models, key=lambda m: m.__name__):
        insert(model, [page for page in documents if type(page) is model])
    for page in documents:
        page._state.adding, page._state.db = False, "default"


def insert(model, objs, returning=False):
    meta = model._meta
    fields = [
        f for f in meta.local_concrete_fields if not (returning and f.primary_key)
    ]
    batch = max(1, connection.ops.bulk_batch_size(fields, objs))
    for start in range(0, len(objs), batch):
        chunk = objs[start : start + batch]
        rows = model._base_manager._insert(
            chunk,
            fields=fields,
            returning_fields=[meta.pk] if returning else None,
            using="default",
        )
        if returning:
            for obj, (pk,) in zip(chunk, rows, strict=True):
                obj.id = pk


def index(pks):
    """Index the new documents once, as `update_index` would, in chunks."""
    models = ContentType.objects.filter(
        pk__in=Page.objects.filter(pk__in=pks).values("content_type").distinct()
    )
    for content_type in models:
        model = content_type.model_class()
        ids = list(model.objects.filter(pk__in=pks).values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            objs = list(
                model.get_indexed_objects().filter(pk__in=ids[start : start + BATCH])
            )
            for backend in get_search_backends():
                backend.add_bulk(model, objs)
