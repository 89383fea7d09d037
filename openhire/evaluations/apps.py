from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "openhire.evaluations"
    label = "evaluations"
    verbose_name = _("AI evaluations")

    def ready(self) -> None:
        from openhire.core.events import register_handler
        from openhire.core.navigation import NavEntry, register
        from openhire.evaluations.selectors import home_tiles
        from openhire.evaluations.tasks import on_event

        register_handler(on_event)
        from openhire.interviews.feedback import register_feedback_renderer

        register_feedback_renderer(_feedback_renderer)
        register(
            NavEntry(
                key="evaluations",
                url="/evaluations/",
                label=_("AI evaluations"),
                roles=("admin", "recruiter", "interviewer", "hiring_manager"),
                order=45,
                summary=home_tiles,
            )
        )


def _feedback_renderer(interview: Any, language: str) -> Any:
    """The candidate status page's feedback slot (interviews app) shows the released report."""
    from openhire.evaluations.report import candidate_feedback_html

    return candidate_feedback_html(interview, language=language) or ""
