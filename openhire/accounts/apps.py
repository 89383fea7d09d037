from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openhire.accounts"
    label = "accounts"
