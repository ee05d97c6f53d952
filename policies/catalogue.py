"""Loading the clause catalogue and process areas shipped in policies/data/.

Used by migrations with historical models, so it touches only plain fields.
"""

import re
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
# A clause number as the standard writes it (8.5.1.3): digits separated by dots.
# Bounded, so that a hostile filter value is refused before any query.
CLAUSE_NUMBER = re.compile(r"[0-9]{1,2}(\.[0-9]{1,2}){0,4}", re.ASCII)


def clause_sort_key(number: str) -> str:
    """'8.5.1.2' -> '008.005.001.002', so that clause 10 sorts after clause 9."""
    return ".".join(f"{int(part):03d}" for part in number.split("."))


def read_clauses():
    with open(DATA_DIR / "clauses-2018.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)["clauses"]


def read_process_areas():
    with open(DATA_DIR / "process_areas.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def load_catalogue(Clause, ProcessArea):
    """Create or update every clause and process area; idempotent."""
    by_number = {}
    for entry in read_clauses():
        number = entry["number"]
        parent_number = number.rsplit(".", 1)[0] if "." in number else None
        clause, _ = Clause.objects.update_or_create(
            number=number,
            defaults={
                "title": entry["title"],
                "parent": by_number.get(parent_number),
                "section": int(number.split(".")[0]),
                "sort_key": clause_sort_key(number),
                "documented_information": entry.get("documents", []),
                "uncertain": entry.get("uncertain", False),
            },
        )
        by_number[number] = clause
    for entry in read_process_areas():
        area, _ = ProcessArea.objects.update_or_create(
            slug=entry["slug"],
            defaults={"name": entry["name"], "description": entry["description"]},
        )
        area.clauses.set([by_number[number] for number in entry["clauses"]])
