"""Cadre: the state's platform for its digital workforce."""

from cadre.celery import app as celery_app

__all__ = ["celery_app"]
__version__ = "0.1.0"
