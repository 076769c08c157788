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


@app.on_after_finalize.connect
def _beat_schedule(sender: Celery, **kwargs: object) -> None:
    """The beat schedule is what the apps declare (core/registry.py): read once Django's
    apps are ready, which the Django fix-up makes them before the app is finalised."""
    from django.apps import apps

    if apps.ready:
        from cadre.core.registry import periodic_jobs

        sender.conf.beat_schedule = periodic_jobs()
