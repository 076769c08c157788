"""The results of an annual performance appraisal, best first, and how each country's
scale maps onto them (docs/decisions/0022):

========================  =================================  ==============================
Cadre                     Kazakhstan (оценка деятельности)   Viet Nam (xếp loại hằng năm)
========================  =================================  ==============================
exceeds expectations      превосходит ожидания               hoàn thành xuất sắc nhiệm vụ
effective                 эффективно                         hoàn thành tốt nhiệm vụ
satisfactory              удовлетворительно                  hoàn thành nhiệm vụ
unsatisfactory            неудовлетворительно                không hoàn thành nhiệm vụ
========================  =================================  ==============================

Russia's attestation (аттестация) answers "fits the post" (effective), "fits the post on
condition of training" (satisfactory) and "does not fit the post" (unsatisfactory).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Result(models.TextChoices):
    EXCEEDS = "exceeds", _("exceeds expectations")
    EFFECTIVE = "effective", _("effective")
    SATISFACTORY = "satisfactory", _("satisfactory")
    UNSATISFACTORY = "unsatisfactory", _("unsatisfactory")


# Higher is better: a result meets a minimum when its rank is at least the minimum's.
RANK = {
    Result.EXCEEDS: 4,
    Result.EFFECTIVE: 3,
    Result.SATISFACTORY: 2,
    Result.UNSATISFACTORY: 1,
}


def meets(result: str, minimum: str) -> bool:
    return RANK[Result(result)] >= RANK[Result(minimum)]


class Origin(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    IMPORTED = "imported", _("imported")
