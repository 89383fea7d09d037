from django.urls import path

from openhire.notifications import candidate_views as v

app_name = "notifications_candidate"

urlpatterns = [
    path("i/s/messages/", v.preferences, name="preferences"),
]
