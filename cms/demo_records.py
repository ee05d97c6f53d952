"""The demo's records (cms/demo/records/*.yaml): filed through FileRecordAction
like any other, with periods placed relative to today. Idempotent by title."""

from datetime import date, timedelta
from pathlib import Path

import yaml
from django.core.management.base import CommandError

from policies.models import Clause, RequiredItem
from workflows.actions.records import FileRecordAction, RecordFiling
from workflows.models import Record

RECORDS_DIR = Path(__file__).resolve().parent / "demo" / "records"


def read_demo_records() -> list[dict]:
    records = []
    for path in sorted(RECORDS_DIR.glob("*.yaml")):
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
        if data.get("slug") != path.stem:
            raise CommandError(f"{path.name}: slug must equal the file name.")
        records.append(data)
    # Corrected records first, so that a correction can name them.
    return sorted(records, key=lambda data: (bool(data.get("corrects")), data["slug"]))


def load_records(users) -> int:
    """File the demo records not yet filed; how many were filed."""
    today = date.today()
    kinds = {item.code: item for item in RequiredItem.objects.filter(kind="R")}
    clauses = {clause.number: clause for clause in Clause.objects.all()}
    by_slug, filed = {}, 0
    for data in read_demo_records():
        existing = Record.objects.filter(title=data["title"]).first()
        if existing is None:
            period_end = today - timedelta(days=data["period"]["ended_days_ago"])
            owner = users[data.get("owner", "owner")]
            existing = FileRecordAction(
                RecordFiling(
                    title=data["title"],
                    kind=kinds[data["kind"]],
                    period_start=period_end
                    - timedelta(days=data["period"]["days"] - 1),
                    period_end=period_end,
                    owner=owner,
                    classification=data.get("classification", "internal"),
                    clauses=[clauses[number] for number in data.get("clauses", [])],
                    body=data["body"],
                    retention_years=data.get("retention_years"),
                    corrects=by_slug.get(data.get("corrects")),
                ),
                user=owner,
            ).execute()
            filed += 1
        by_slug[data["slug"]] = existing
    return filed
