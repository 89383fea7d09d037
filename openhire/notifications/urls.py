from django.urls import path

from openhire.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("log/", views.log, name="log"),
    path("log/<uuid:delivery_id>/retry/", views.retry, name="retry"),
    path("templates/", views.templates, name="templates"),
    path("templates/preview/", views.preview, name="preview"),
    path("channels/", views.channels, name="channels"),
    path("send/", views.send, name="send"),
]
