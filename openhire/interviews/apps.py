from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "openhire.interviews"
    label = "interviews"
    verbose_name = _("AI interviews")

    def ready(self) -> None:
        from openhire.core import hooks
        from openhire.core.navigation import NavEntry, register
        from openhire.interviews.demo import load_demo_interviews
        from openhire.interviews.selectors import home_tiles

        register(
            NavEntry(
                key="interviews",
                url="/interviews/",
                label=_("AI interviews"),
                roles=("admin", "recruiter", "interviewer", "hiring_manager"),
                order=40,
                summary=home_tiles,
            )
        )
        hooks.on_demo_data(load_demo_interviews)
