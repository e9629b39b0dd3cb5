"""Run the app under gunicorn (processes, since Whoosh searching is CPU-bound) or Flask's dev server."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from gunicorn.app.base import BaseApplication

from practice_search.search.request import RESULT_CACHE_SIZE
from practice_search.web.app import create_app


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict, factory) -> None:
        self.options, self.factory = options, factory
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.factory()


def run(host: str, port: int, workers: int, dev: bool = False, index_dir: Path | None = None,
        cache_size: int = RESULT_CACHE_SIZE) -> None:
    """Serve `index_dir`; each worker process builds its app from these arguments (no environment variables)."""
    factory = partial(create_app, index_dir, cache_size)
    if dev:
        factory().run(host=host, port=port, debug=False, use_reloader=True)
        return
    _Gunicorn({
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "timeout": 120,  # generous: a worker's first search after an index swap rebuilds its caches
        "graceful_timeout": 10,
        "accesslog": "-",
        "preload_app": False,
    }, factory).run()
