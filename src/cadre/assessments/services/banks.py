"""Question banks: loaded from a questions file, every bad item named."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.assessments.choices import QuestionKind
from cadre.assessments.models import Question, QuestionBank
from cadre.competencies.choices import VersionStatus
from cadre.competencies.models import Competency
from cadre.core.audit import create_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.scoping import require_reach
from cadre.core.translated import clean_texts
from cadre.orgs.models import Organisation

QUESTIONS_FORMAT = "cadre.questions/1"


# --- question banks ------------------------------------------------------------------------


def _question(raw: Any, where: str) -> Question:
    if not isinstance(raw, dict):
        raise ApplicationError(_("Each question is an object."), field=where)
    unknown = sorted(set(raw) - {"kind", "text", "options", "correct"})
    if unknown:
        raise ApplicationError(_("Unknown field."), field=f"{where}.{unknown[0]}")
    kind = raw.get("kind")
    if kind not in QuestionKind.values:
        raise ApplicationError(
            _("The kind is one of: %(kinds)s.") % {"kinds": ", ".join(QuestionKind.values)},
            field=f"{where}.kind",
        )
    text = clean_texts(raw.get("text"), field=f"{where}.text", max_length=2000)
    options = raw.get("options")
    if not isinstance(options, list) or not 2 <= len(options) <= 10:
        raise ApplicationError(_("Give 2 to 10 options."), field=f"{where}.options")
    options = [
        clean_texts(o, field=f"{where}.options[{i}]", max_length=500) for i, o in enumerate(options)
    ]
    correct = raw.get("correct")
    n = len(options)
    if (
        not isinstance(correct, list)
        or not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < n for i in correct)
        or len(set(correct)) != len(correct)
    ):
        raise ApplicationError(
            _("The correct answer is a list of option indexes from 0 to %(top)d.") % {"top": n - 1},
            field=f"{where}.correct",
        )
    if kind == QuestionKind.SINGLE and len(correct) != 1:
        raise ApplicationError(
            _("A single-choice question has exactly one correct option."), field=f"{where}.correct"
        )
    if kind == QuestionKind.MULTIPLE and not correct:
        raise ApplicationError(_("Mark at least one correct option."), field=f"{where}.correct")
    if kind == QuestionKind.ORDERING and len(correct) != n:
        raise ApplicationError(
            _("An ordering question lists every option in the right order."),
            field=f"{where}.correct",
        )
    return Question(kind=kind, text=text, options=options, correct=correct)


@transaction.atomic
def questions_import(
    *,
    actor: Any,
    organisation: Organisation,
    data: Any,
    framework_code: str,
    source: str = AuditSource.WEB,
) -> list[QuestionBank]:
    """Load banks of questions (``cadre.questions/1``); bank competencies are codes of the
    published version of ``framework_code``. All or nothing."""
    require_reach(actor, QuestionBank, "add", organisation)  # "You may not keep <plural> for …"
    if not isinstance(data, dict) or data.get("format") != QUESTIONS_FORMAT:
        raise ApplicationError(
            _('The file must be an object with "format": "%(format)s".')
            % {"format": QUESTIONS_FORMAT},
            field="format",
        )
    banks = data.get("banks")
    if not isinstance(banks, list) or not banks:
        raise ApplicationError(_("Give at least one bank."), field="banks")
    made = []
    for b, raw in enumerate(banks):
        where = f"banks[{b}]"
        if not isinstance(raw, dict):
            raise ApplicationError(_("Each bank is an object."), field=where)
        code = str(raw.get("code") or "").strip()
        if not code or QuestionBank.objects.filter(code=code).exists():
            raise ApplicationError(
                _("A question bank with this code already exists.")
                if code
                else _("Give the bank a code."),
                field=f"{where}.code",
            )
        competency = None
        if raw.get("competency"):
            competency = Competency.objects.filter(
                framework__code=framework_code,
                code=raw["competency"],
                version__status=VersionStatus.PUBLISHED,
                is_category=False,
            ).first()
            if competency is None:
                raise ApplicationError(
                    _("Unknown competency “%(code)s”.") % {"code": raw["competency"]},
                    field=f"{where}.competency",
                )
        questions = raw.get("questions")
        if not isinstance(questions, list) or not questions:
            raise ApplicationError(_("A bank holds at least one question."), field=where)
        parsed = [_question(q, f"{where}.questions[{i}]") for i, q in enumerate(questions)]
        bank = create_audited(
            actor=actor,
            obj=QuestionBank(
                organisation=organisation,
                code=code,
                names=clean_texts(raw.get("name"), field=f"{where}.name"),
                competency=competency,
            ),
            audited=("organisation", "code", "names", "competency"),
            source=source,
        )
        for q in parsed:
            q.bank = bank
        Question.objects.bulk_create(parsed)
        made.append(bank)
    return made
