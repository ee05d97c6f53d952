"""The guidance corpus shipped in search/guidance/*.yaml: our own code-of-practice text
for every clause of ISO/IEC 20000-1:2018 clauses 4 to 10 (see FORMAT.md there).
Issue 5 loads it into the guidance model; until then it is validated by the tests."""

from pathlib import Path

import yaml

GUIDANCE_DIR = Path(__file__).resolve().parent / "guidance"
PARTS = ("what_to_do", "why_it_matters", "further_considerations")


def read_guidance():
    entries = []
    for path in sorted(GUIDANCE_DIR.glob("*.yaml")):
        with open(path, encoding="utf-8") as f:
            for entry in yaml.safe_load(f) or []:
                entries.append({**entry, "source": path.name})
    return entries


def word_count(entry):
    return sum(len((entry.get(part) or "").split()) for part in PARTS)
