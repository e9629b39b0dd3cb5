"""Run the app under gunicorn, or Flask's dev server.

Searching is CPU-bound and each process keeps its own caches, so there is one worker process per
core. What protects those processes from slow clients is the worker class, chosen by measurement
(BENCHMARKS.md, "Serving under slow clients"): gevent workers keep every connection in a greenlet, so
a client that sends half a request, or keeps a connection open after its answer, holds a little
memory rather than a whole process. Reading a request's head must finish within READ_TIMEOUT
seconds (also the keep-alive idle time), after which the connection is dropped. `sync` and `gthread`
remain selectable for comparison: with either, a few stalled clients stop the server.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from gunicorn.app.base import BaseApplication

from practice_search.search.request import RESULT_CACHE_SIZE
from practice_search.web import workers
from practice_search.web.app import create_app

WORKER_CLASSES = ("gevent", "gthread", "sync")
READ_TIMEOUT = 5  # seconds to send a request's head, and to keep an idle connection
MAX_CONNECTIONS = 1000  # per gevent worker; more wait in the listen backlog
OPTIONAL_SETTINGS = {"control_socket_disable"}  # unknown to older gunicorn releases, which have no such socket


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict, factory) -> None:
        self.options, self.factory = options, factory
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings or key not in OPTIONAL_SETTINGS:
                self.cfg.set(key, value)

    def load(self):
        return self.factory()


def worker_class(name: str):
    if name == "gevent":
        return workers.gevent_worker()
    return {"gthread": workers.ThreadWorker, "sync": workers.SyncWorker}[name]


def run(host: str, port: int, workers: int, dev: bool = False, worker: str = "gevent", threads: int = 8,
        index_dir: Path | None = None, cache_size: int = RESULT_CACHE_SIZE, base_url: str | None = None,
        trusted_hosts: list[str] | None = None) -> None:
    """Serve `index_dir`; each worker process builds its app from these arguments (no environment variables)."""
    factory = partial(create_app, index_dir, cache_size, base_url, trusted_hosts)
    if dev:
        factory().run(host=host, port=port, debug=False, use_reloader=True)
        return
    _Gunicorn({
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": worker_class(worker),
        "threads": threads if worker == "gthread" else 1,
        "worker_connections": MAX_CONNECTIONS,
        "keepalive": READ_TIMEOUT,
        "timeout": 120,  # generous: a worker's first search after an index swap rebuilds its caches
        "graceful_timeout": 10,
        "accesslog": "-",
        "preload_app": False,
        "control_socket_disable": True,  # gunicorn 24+: no admin socket in the home folder, shared by every server
    }, factory).run()
