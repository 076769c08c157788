"""Assessment: knowledge tests, appraisals, the evidence they leave, the current proficiency
it adds up to, and the precomputed gaps against position standards.

A result never changes after it is recorded: each becomes ``Evidence`` rows (one per
competency it says something about). ``Proficiency`` is the person's current level in a
competency, combined from the evidence by the written rule (``cadre.assessments.proficiency``,
``docs/competencies.md``); it is keyed by framework and competency code, so evidence taken
under an older framework version still counts. ``GapCell`` holds the gap figures of every
organisation's subtree per competency, recomputed by a batch (``cadre.assessments.gaps``).

The models live in ``levels`` (evidence, proficiency), ``knowledge_tests`` (banks, tests,
attempts), ``campaigns`` (appraisals, campaigns, their people and feedback requests) and
``gaps``; Django and the rest of the project find them here.
"""

from cadre.assessments.models.campaigns import Appraisal, Campaign, FeedbackRequest, Participant
from cadre.assessments.models.gaps import GapCell
from cadre.assessments.models.knowledge_tests import (
    Attempt,
    Question,
    QuestionBank,
    Test,
    TestSection,
)
from cadre.assessments.models.levels import Evidence, Proficiency

__all__ = [
    "Appraisal",
    "Attempt",
    "Campaign",
    "Evidence",
    "FeedbackRequest",
    "GapCell",
    "Participant",
    "Proficiency",
    "Question",
    "QuestionBank",
    "Test",
    "TestSection",
]
