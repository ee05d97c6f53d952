"""Schemathesis, a real outside client, against the live schema of a running
server with the demo library: every operation, with a staff token and with an
auditor token. Zero server errors, zero responses that differ from the schema
(status, content type, headers, body), and requests the schema forbids refused."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.core.management import call_command

from api.actions import CreateApiTokenAction

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
EXAMPLES = 25  # per operation and phase


@pytest.fixture
def demo(db, live_server, settings):
    call_command("seed_demo", verbosity=0)
    # Thousands of requests in a minute: the rate limit would answer most with
    # 429 (documented, but it would hide the rest of the API from the fuzzer).
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "api": "100000/minute",
            "api-write": "100000/minute",
        },
    }
    return live_server.url


@pytest.mark.parametrize("username", ["staff", "auditor"])
def test_the_api_answers_every_generated_request_as_its_schema_says(
    demo, username, django_user_model, capsys, tmp_path
):
    user = django_user_model.objects.get(username=username)
    _, secret = CreateApiTokenAction(user=user, name="Schemathesis", days=7).execute()
    # The schema is for signed-in callers too: fetched live with the token, then
    # handed to schemathesis, which sends the token only where the schema asks.
    schema = requests.get(
        f"{demo}/api/v1/schema/?format=json",
        headers={"Authorization": f"Bearer {secret}"},
        timeout=30,
    )
    assert schema.status_code == 200, schema.text
    (tmp_path / "schema.json").write_bytes(schema.content)
    run = subprocess.run(  # noqa: S603 - our own virtualenv's schemathesis
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(CONFIG),
            "--no-color",
            "run",
            str(tmp_path / "schema.json"),
            "--url",
            demo,
            "--checks",
            "all",
            "--max-examples",
            str(EXAMPLES),
            "--workers",
            "1",
            "--seed",
            "20261129",
            "--request-timeout",
            "30",
        ],
        env={**os.environ, "ITSMS_API_TOKEN": secret},
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = run.stdout + run.stderr
    generated = re.search(r"(\d+) generated", report)
    with capsys.disabled():
        print(f"\nschemathesis as {username}: {generated[0] if generated else report}")
    assert run.returncode == 0, report[-6000:]
    assert generated and int(generated[1]) > 500
