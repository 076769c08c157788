"""What apps above talent tell it (decision 0033's pattern, like ``cadre.candidates.hooks``).

- ``candidate_sources``: ``user → queryset of account ids``, the external candidates the
  user has met through that app (those who applied to a contest or a competition whose
  entries the user sees). A reserve entry or an appointment may name only these: HR does
  not browse every candidate in the country. The contests and competitions apps register
  theirs from their ``app.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

candidate_sources: list[Callable[[Any], Any]] = []
