from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "openhire.workflow"
    label = "workflow"
    verbose_name = _("Pipeline and automation")

    def ready(self) -> None:
        from openhire.core import hooks, periodic
        from openhire.core.events import register_handler
        from openhire.core.navigation import NavEntry, register
        from openhire.workflow import engine
        from openhire.workflow.selectors import home_tiles
        from openhire.workflow.services import workflow_install_defaults

        register_handler(engine.on_event)
        periodic.register("workflow.reminders", engine.reminders_claim_due, every_seconds=30)
        periodic.register("workflow.timers", engine.timers_fire_due, every_seconds=30)
        hooks.on_organization_created(workflow_install_defaults)
        register(
            NavEntry(
                key="workflow",
                url="/workflow/",
                label=_("Pipeline"),
                roles=("admin", "recruiter", "interviewer", "hiring_manager"),
                order=50,
                summary=home_tiles,
            )
        )
        register(
            NavEntry(
                key="automation",
                url="/workflow/rules/",
                label=_("Automation"),
                roles=("admin", "recruiter"),
                order=55,
            )
        )
