from django.urls import path

from openhire.candidates import public_views

urlpatterns = [
    path("careers/<slug:org_slug>/", public_views.careers_list, name="careers"),
    path("careers/<slug:org_slug>/privacy/", public_views.privacy_notice, name="careers_privacy"),
    path("careers/<slug:org_slug>/<uuid:job_id>/", public_views.careers_job, name="careers_job"),
]
