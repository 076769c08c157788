"""Assessment campaigns: who is assessed with what by when, 360° feedback, progress and
reminders (``docs/competencies.md``, "Campaigns").

The parts: ``running`` (create, launch, remind, close), ``feedback`` (what the people of a
campaign do and see), ``progress``. Views and tests call ``campaigns.<name>``, so this
package imports the public names.
"""

from cadre.assessments.campaigns.feedback import (
    FeedbackLine,
    feedback_answer,
    feedback_summary,
    participant_mark,
)
from cadre.assessments.campaigns.progress import ProgressRow, campaign_progress
from cadre.assessments.campaigns.running import (
    CAMPAIGN_AUDITED,
    campaign_close,
    campaign_create,
    campaign_launch,
    campaign_reminders,
)

__all__ = [
    "CAMPAIGN_AUDITED",
    "FeedbackLine",
    "ProgressRow",
    "campaign_close",
    "campaign_create",
    "campaign_launch",
    "campaign_progress",
    "campaign_reminders",
    "feedback_answer",
    "feedback_summary",
    "participant_mark",
]
