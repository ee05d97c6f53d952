"""Real server processes for the scale-out tests: a throwaway redis-server and
gunicorn app servers (gunicorn.conf.py, as scripts/serve runs them) on the test
database file. Each waits until it answers and is stopped by its fixture."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 30


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(ready, process, what):
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        if ready():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not answer within {START_SECONDS} s")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


class RedisServer:
    """redis-server on a free loopback port, in memory only."""

    def __init__(self):
        executable = shutil.which("redis-server")
        if executable is None:
            pytest.skip("redis-server is missing (scripts/test installs it)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                executable,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, self.process, "redis-server")

    def client(self):
        return redis.Redis.from_url(self.url, socket_timeout=5)

    def answers(self):
        try:
            return self.client().ping()
        except (OSError, redis.ConnectionError):
            return False

    def stop(self):
        stop(self.process)


def server_environment(database_name, **overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SEARCH_", "DJANGO_", "REDIS_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.test",
        DATABASE_URL=f"sqlite:///{database_name}",
        WEB_CONCURRENCY="1",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


class AppServer:
    """One gunicorn master with one worker, serving the test database."""

    def __init__(self, env, log_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_until(self.answers, self.process, f"gunicorn on port {self.port}")

    def answers(self):
        try:
            with urlopen(f"{self.url}/healthz", timeout=2) as response:  # noqa: S310
                return response.status == 200
        except (URLError, OSError):
            return False

    def stop(self):
        stop(self.process)
        self.log.close()
