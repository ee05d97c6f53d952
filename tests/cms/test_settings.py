"""Production settings: refuse to start unconfigured, pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REAL_SECRET = "k3J9vQ2mX8pL5rT1wZ7cN4bH6yF0dS3aG9eU2iO5qW8tR1xV7zM4nB6"


def manage(*args, env_overrides, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "DATABASE_URL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "WAGTAILADMIN_BASE_URL",
        }
    }
    env.update({"DJANGO_SETTINGS_MODULE": "cms.settings.production", **env_overrides})
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_deploy_check_reports_no_warnings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "SECRET_KEY": REAL_SECRET,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "WAGTAILADMIN_BASE_URL": "https://itsms.example.com",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "(2 silenced)" in result.stdout, "only the two justified in the README"


def test_production_refuses_to_start_without_a_secret(tmp_path):
    result = manage(
        "check",
        env_overrides={"DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}"},
        tmp_path=tmp_path,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_database_url(tmp_path):
    result = manage(
        "check", env_overrides={"SECRET_KEY": REAL_SECRET}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_production_refuses_to_start_without_the_sites_address(tmp_path):
    result = manage(
        "check",
        env_overrides={
            "SECRET_KEY": REAL_SECRET,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL must be set" in result.stderr


def test_production_workers_keep_their_database_connection(tmp_path):
    """A sync worker reuses its connection (checked first) instead of opening
    one per request; CONN_MAX_AGE=0 turns that off."""
    show = (
        "from django.db import connection as c; "
        "print(c.settings_dict['CONN_MAX_AGE'], c.settings_dict['CONN_HEALTH_CHECKS'])"
    )
    env = {
        "SECRET_KEY": REAL_SECRET,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "WAGTAILADMIN_BASE_URL": "https://itsms.example.com",
    }
    kept = manage(
        "shell", "--no-imports", "-c", show, env_overrides=env, tmp_path=tmp_path
    )
    assert kept.stdout.split() == ["60", "True"], kept.stderr
    off = manage(
        "shell",
        "--no-imports",
        "-c",
        show,
        env_overrides={**env, "CONN_MAX_AGE": "0"},
        tmp_path=tmp_path,
    )
    assert off.stdout.split() == ["0", "True"], off.stderr
