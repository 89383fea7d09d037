"""Every write of the jobs app (jobs, hiring teams, competency library and models, question bank, plans).

Split by subject; import from here: ``from openhire.jobs import services``.
"""

from openhire.jobs.services.competencies import (
    CompetencyWeight,
    competency_create,
    competency_update,
    job_competency_model_set,
)
from openhire.jobs.services.from_template import job_create_from_template
from openhire.jobs.services.jobs import (
    STATUS_TRANSITIONS,
    job_create,
    job_member_add,
    job_member_remove,
    job_status_change,
    job_update,
)
from openhire.jobs.services.plans import plan_ensure, plan_publish, plan_update
from openhire.jobs.services.questions import (
    DuplicateQuestion,
    ImportResult,
    question_archive,
    question_create,
    question_update,
    questions_import,
)

__all__ = [
    "STATUS_TRANSITIONS",
    "CompetencyWeight",
    "DuplicateQuestion",
    "ImportResult",
    "competency_create",
    "competency_update",
    "job_competency_model_set",
    "job_create",
    "job_create_from_template",
    "job_member_add",
    "job_member_remove",
    "job_status_change",
    "job_update",
    "plan_ensure",
    "plan_publish",
    "plan_update",
    "question_archive",
    "question_create",
    "question_update",
    "questions_import",
]
