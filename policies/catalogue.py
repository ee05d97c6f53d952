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


def read_amendments():
    with open(DATA_DIR / "clauses-2018.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f).get("amendments", [])


def amendment_text(entry, amendments):
    """What the amendment named by a clause's `amended_by` changed, with its id."""
    for amendment in amendments:
        if entry.get("amended_by") and amendment["id"].endswith(entry["amended_by"]):
            return f"{amendment['id']}: {amendment['change']}"
    return ""


def load_catalogue(Clause, ProcessArea, RequiredItem=None):
    """Create or update every clause, required item and process area; idempotent.
    (Migrations before required items existed pass no RequiredItem.)"""
    amendments = read_amendments()
    # Migration 0011 loads items before they had a sort key of their own.
    has_sort_key = RequiredItem is not None and any(
        field.name == "sort_key" for field in RequiredItem._meta.fields
    )
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
                "uncertain": entry.get("uncertain", False),
                **(
                    {"amendment": amendment_text(entry, amendments)}
                    if RequiredItem
                    else {"documented_information": entry.get("documents", [])}
                ),
            },
        )
        by_number[number] = clause
        for position, item in enumerate(
            entry.get("documents", []) if RequiredItem else ()
        ):
            RequiredItem.objects.update_or_create(
                code=item["code"],
                defaults={
                    "clause": clause,
                    "kind": item["kind"],
                    "item": item["item"],
                    "satisfied_by": item["satisfied_by"],
                    "required_by": item.get("required_by", ""),
                    "position": position,
                    **(
                        {"sort_key": f"{clause.sort_key}:{position:02d}"}
                        if has_sort_key
                        else {}
                    ),
                },
            )
    for entry in read_process_areas():
        area, _ = ProcessArea.objects.update_or_create(
            slug=entry["slug"],
            defaults={"name": entry["name"], "description": entry["description"]},
        )
        area.clauses.set([by_number[number] for number in entry["clauses"]])
