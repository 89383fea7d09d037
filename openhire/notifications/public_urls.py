from django.urls import path

from openhire.notifications import candidate_views as v

app_name = "notifications_candidate"

urlpatterns = [
    path("i/s/messages/", v.preferences, name="preferences"),
    path("i/s/messages/wechat/", v.wechat_start, name="wechat_start"),
    path("i/s/messages/wechat/done/", v.wechat_done, name="wechat_done"),
]
