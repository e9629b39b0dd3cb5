"""Run the app under gunicorn (processes, since Whoosh searching is CPU-bound) or Flask's dev server."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from practice_search.web.app import create_app


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app()


def run(host: str, port: int, workers: int, dev: bool = False) -> None:
    if dev:
        create_app().run(host=host, port=port, debug=False, use_reloader=True)
        return
    _Gunicorn({
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "timeout": 120,  # generous: a worker's first search after an index swap rebuilds its caches
        "graceful_timeout": 10,
        "accesslog": "-",
        "preload_app": False,
    }).run()
