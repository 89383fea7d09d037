from django.urls import path

from openhire.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.job_index, name="index"),
    path("jobs/<uuid:job_id>/", views.job_ranking, name="job"),
    path("jobs/<uuid:job_id>/screen/", views.job_screen, name="screen"),
    path("progress/<str:key>/", views.progress_bar, name="progress"),
]
