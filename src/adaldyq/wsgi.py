"""WSGI entry point for `adaldyq serve` and any other WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adaldyq.settings")
application = get_wsgi_application()
