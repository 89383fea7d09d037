from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "openhire.audit"
    label = "audit"
