from django.urls import path

from openhire.interviews import views

app_name = "interviews"

urlpatterns = [
    path("", views.index, name="index"),
    path("jobs/<uuid:job_id>/", views.board, name="board"),
    path("jobs/<uuid:job_id>/live/", views.board_live, name="board_live"),
    path("jobs/<uuid:job_id>/windows/", views.windows, name="windows"),
    path("windows/<uuid:window_id>/delete/", views.window_delete, name="window_delete"),
    path("applications/<uuid:application_id>/invite/", views.invite, name="invite"),
    path("answers/<uuid:answer_id>/media", views.answer_media, name="answer_media"),
    path("<uuid:interview_id>/", views.detail, name="detail"),
    path("<uuid:interview_id>/resend/", views.resend, name="resend"),
    path("<uuid:interview_id>/revoke/", views.revoke, name="revoke"),
    path("<uuid:interview_id>/extend/", views.extend, name="extend"),
    path("<uuid:interview_id>/release-feedback/", views.release_feedback, name="release_feedback"),
]
