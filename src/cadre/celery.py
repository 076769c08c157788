"""The Celery application. Configured from Django settings (CELERY_* names).

With no broker (the embedded default) tasks never reach Celery: ``cadre.core.tasks.enqueue``
runs them in a thread after commit, or inline in tests.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")

app = Celery("cadre")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
