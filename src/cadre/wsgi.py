"""WSGI entry point (granian, gunicorn or any WSGI server)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
django_application = get_wsgi_application()

from cadre.ratings import fastpath  # noqa: E402  (needs Django set up)

# POST /api/v1/ratings/ is taken before Django's request cycle (decision 0010).
application = fastpath.wrap(django_application)
