from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "openhire.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from openhire.core import hooks, periodic
        from openhire.core.navigation import NavEntry, register
        from openhire.notifications.selectors import home_tiles
        from openhire.notifications.services import deliveries_send_due, notifications_install_defaults

        periodic.register("notifications.deliveries", deliveries_send_due, every_seconds=15)
        hooks.on_organization_created(notifications_install_defaults)
        register(
            NavEntry(
                key="notifications",
                url="/notifications/",
                label=_("Messages"),
                roles=("admin", "recruiter", "interviewer", "hiring_manager"),
                order=60,
                summary=home_tiles,
            )
        )
