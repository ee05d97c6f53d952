"""Loading the guidance corpus into GuidanceEntry rows, one reversion version each."""

import reversion
from django.db import transaction

from policies.models import Clause, ProcessArea

from .corpus import read_guidance
from .models import GuidanceEntry


@transaction.atomic
def load_guidance(user=None):
    """Create the entries that are not there yet (matched by title and clause);
    existing entries, and any edits made to them, are left alone. Returns how many
    were created."""
    clauses = {clause.number: clause for clause in Clause.objects.all()}
    areas = {area.slug: area for area in ProcessArea.objects.all()}
    created = 0
    for data in read_guidance():
        clause = clauses[data["clause"]]
        if GuidanceEntry.objects.filter(title=data["title"], clauses=clause).exists():
            continue
        with reversion.create_revision():
            entry = GuidanceEntry.objects.create(
                title=data["title"],
                process_area=areas.get(data.get("process_area")),
                what_to_do=data["what_to_do"].strip(),
                why_it_matters=data["why_it_matters"].strip(),
                further_considerations=data["further_considerations"].strip(),
            )
            entry.clauses.set([clause])
            reversion.set_user(user)
            reversion.set_comment("Loaded from the shipped guidance corpus.")
        created += 1
    return created
