"""`adaldyq serve`: run the site under gunicorn, a production WSGI server."""

from __future__ import annotations

import gc
import os
from typing import Any

from django.core.management.base import BaseCommand
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

# What the access log keeps of each request: the address (abuse and rate-limit
# questions), the time, the method, the path, the status, the size and the duration.
# Not the query string, nor the referrer that repeats the previous page's: they hold the
# names people searched for, and a log of who looked up whom is not ours to keep.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


class Command(BaseCommand):
    help = "Serve Adaldyq with gunicorn (production-grade; not Django's development server)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("ADALDYQ_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("ADALDYQ_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("ADALDYQ_WORKERS", "2")))
        # Two threads a worker: on the benchmark's two cores, a search burst through two
        # workers served more, with a shorter tail, at two threads than at four, on both
        # databases (bench/results/search_threads.json; docs/deployment.md).
        parser.add_argument("--threads", type=int, default=int(os.environ.get("ADALDYQ_THREADS", "2")))

    def handle(self, *args: Any, host: str, port: int, workers: int, threads: int, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        application = get_wsgi_application()  # as adaldyq.wsgi does; core imports no project module

        class Server(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                self.cfg.set("bind", f"{host}:{port}")
                self.cfg.set("workers", workers)
                self.cfg.set("threads", threads)
                self.cfg.set("accesslog", "-")
                self.cfg.set("access_log_format", ACCESS_LOG_FORMAT)
                self.cfg.set("timeout", 120)

            def load(self) -> Any:
                return application

        self.stdout.write(f"Serving Adaldyq on http://{host}:{port}/ (gunicorn, {workers} workers)")
        # Every view module imported, then everything loaded so far frozen out of the
        # garbage collector's reach: its full collections no longer walk the whole of
        # Django, stalling a worker's every thread, and the workers forked from here
        # share those pages instead of copying them.
        get_resolver().url_patterns  # noqa: B018 - imports the views
        gc.collect()
        gc.freeze()
        Server().run()
