from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "openhire.screening"
    label = "screening"

    def ready(self) -> None:
        from openhire.core import navigation
        from openhire.screening.selectors import home_tiles

        navigation.register(
            navigation.NavEntry(
                key="screening",
                url="/screening/",
                label=_("Screening"),
                roles=("admin", "recruiter", "interviewer", "hiring_manager"),
                order=35,
                summary=home_tiles,
            )
        )
