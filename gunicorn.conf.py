"""gunicorn settings for scripts/serve and bench/load/run (production-style serving).

Every value can be overridden from the environment or gunicorn's command line.
`kill -HUP <master pid>` reloads: new workers start with the new code and settings
and the old ones finish the requests they hold (graceful_timeout) before exiting,
so a deploy drops no request. `kill -TERM` stops gracefully the same way.
"""

import os


def _cpus():
    # The CPUs this process may run on (a container's share), not the host's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


wsgi_app = "cms.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000").split(",")
# The usual 2 x CPUs + 1 sync workers, capped: past a dozen processes per machine
# the database's connections and memory run out before the CPUs do; on SQLite every
# writer waits for the one write lock anyway.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * _cpus() + 1, 12))
# PDFs of long documents and Word imports take seconds; a worker stuck longer than
# this is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Each worker is replaced after about this many requests (the jitter keeps them
# from all restarting at once): slow leaks never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max(max_requests // 10, 1) if max_requests else 0
# Access log and errors on stdout/stderr, for the service manager to collect.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn 27's control socket lives at one fixed path per user; several servers
# on one machine (the load test, the tests' two servers) would fight over it.
control_socket_disable = True
# Not preloaded: a HUP then loads the new code in the new workers.
preload_app = False
