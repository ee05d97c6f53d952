"""The guidance corpus is complete, well formed and of the agreed size."""

import pytest

from policies.catalogue import read_clauses, read_process_areas
from search.corpus import PARTS, read_guidance, word_count

ENTRIES = read_guidance()


def test_every_clause_of_the_catalogue_has_guidance():
    covered = {entry["clause"] for entry in ENTRIES}
    missing = [c["number"] for c in read_clauses() if c["number"] not in covered]
    assert missing == []
    assert len(ENTRIES) >= 70


@pytest.mark.parametrize(
    "entry", ENTRIES, ids=lambda entry: f"{entry['clause']}-{entry['title'][:30]}"
)
def test_each_entry_is_complete_and_of_useful_length(entry):
    numbers = {c["number"] for c in read_clauses()}
    areas = {a["slug"] for a in read_process_areas()}
    assert entry["clause"] in numbers
    assert entry.get("process_area") in areas | {None}
    assert entry["title"].strip()
    assert all((entry.get(part) or "").strip() for part in PARTS)
    assert 120 <= word_count(entry) <= 400
    assert "<" not in "".join(entry[part] for part in PARTS), "plain text only"
