from django.urls import path

from openhire.evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.settings_page, name="settings"),
    path("interviews/<uuid:interview_id>/", views.interview_current, name="interview"),
    path("interviews/<uuid:interview_id>/withdraw-consent/", views.consent_withdraw, name="consent_withdraw"),
    path("jobs/<uuid:job_id>/benchmarks/", views.benchmarks, name="benchmarks"),
    path("analyses/<uuid:analysis_id>/transcript/", views.paste_transcript, name="paste_transcript"),
    path("reviews/<uuid:request_id>/resolve/", views.review_resolve, name="review_resolve"),
    path("<uuid:evaluation_id>/", views.detail, name="detail"),
    path("<uuid:evaluation_id>/report.pdf", views.report_pdf, name="pdf"),
    path("<uuid:evaluation_id>/rerun/", views.rerun, name="rerun"),
    path("<uuid:evaluation_id>/release/", views.release, name="release"),
    path("<uuid:evaluation_id>/review/", views.review_request, name="review"),
]
