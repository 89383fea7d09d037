from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "openhire.jobs"
    label = "jobs"

    def ready(self) -> None:
        from openhire.core import hooks, navigation
        from openhire.core.access import register_job_membership
        from openhire.core.permissions import STAFF_ROLES
        from openhire.jobs.demo import demo_jobs
        from openhire.jobs.selectors import home_tiles, job_ids_of_member

        register_job_membership(job_ids_of_member)
        navigation.register(
            navigation.NavEntry("jobs", "/jobs/", _("Jobs"), STAFF_ROLES, order=10, summary=home_tiles)
        )
        navigation.register(
            navigation.NavEntry("questions", "/jobs/questions/", _("Question bank"), STAFF_ROLES, order=12)
        )
        navigation.register(
            navigation.NavEntry(
                "competencies", "/jobs/competencies/", _("Competencies"), STAFF_ROLES, order=13
            )
        )
        hooks.on_demo_data(demo_jobs)
