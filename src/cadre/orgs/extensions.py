"""What apps above orgs add to its pages and filters, without orgs importing them (the
people app knows who fills a post; orgs does not). An app sets these from its ``app.py``;
until one does, posts count nobody filling them and the filters that need people find
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet, Value

QS = QuerySet[Any]


def _unfilled(posts: QS) -> QS:
    return posts.annotate(filled=Value(0))


def _none(queryset: QS) -> QS:
    return queryset.none()


def _nobody(user: Any, post: Any) -> list[Any]:
    return []


# posts → posts annotated with ``filled`` (people holding them now)
annotate_filled: Callable[[QS], QS] = _unfilled
# posts → the posts with vacant places
posts_with_vacancies: Callable[[QS], QS] = _none
# organisations → the bodies with a digital lead in post
bodies_with_digital_lead: Callable[[QS], QS] = _none
# organisations → the IT units with nobody holding an IT specialty
it_units_without_specialist: Callable[[QS], QS] = _none
# (user, post) → the current holders of the post the user may see
post_holders: Callable[[Any, Any], Any] = _nobody


def provide(**hooks: Callable[..., Any]) -> None:
    """Set hooks by name (``provide(annotate_filled=…)``)."""
    for name, fn in hooks.items():
        if name not in {
            "annotate_filled",
            "posts_with_vacancies",
            "bodies_with_digital_lead",
            "it_units_without_specialist",
            "post_holders",
        }:
            raise ValueError(f"orgs has no extension {name!r}")
        globals()[name] = fn
