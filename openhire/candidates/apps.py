from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "openhire.candidates"
    label = "candidates"

    def ready(self) -> None:
        from openhire.candidates.demo import load_demo_candidates
        from openhire.candidates.selectors import home_tiles
        from openhire.core import hooks, navigation

        navigation.register(
            navigation.NavEntry(
                key="candidates",
                url="/candidates/",
                label=_("Candidates"),
                roles=("admin", "recruiter", "interviewer", "hiring_manager"),
                order=30,
                summary=home_tiles,
            )
        )
        hooks.on_demo_data(load_demo_candidates)
