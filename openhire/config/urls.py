import importlib.util

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from openhire.config.api import api
from openhire.core import views as core_views

# Console pages of each app (``openhire/<app>/urls.py``) live under /<app>/; candidate-facing pages
# (``openhire/<app>/public_urls.py``: careers page, interview links) are mounted at the root.
CONSOLE_APPS = ["jobs", "candidates", "screening", "interviews", "evaluations", "workflow", "notifications"]


def _app_urls() -> list[URLPattern | URLResolver]:
    patterns: list[URLPattern | URLResolver] = []
    for app in CONSOLE_APPS:
        if importlib.util.find_spec(f"openhire.{app}.urls") is not None:
            patterns.append(path(f"{app}/", include(f"openhire.{app}.urls")))
        if importlib.util.find_spec(f"openhire.{app}.public_urls") is not None:
            patterns.append(path("", include(f"openhire.{app}.public_urls")))
    return patterns


urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("accounts/", include("openhire.accounts.urls")),
    path("audit/", include("openhire.audit.urls")),
    path("support/admin/", admin.site.urls),
    *_app_urls(),
    path("", include("openhire.core.urls")),
]
