from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openhire.core"
    label = "core"
