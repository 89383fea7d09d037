from django.urls import path, re_path

from openhire.interviews import candidate_views as v

app_name = "interviews_candidate"

urlpatterns = [
    path("i/c/", v.code_entry, name="code"),
    path("i/lang/<str:code>/", v.language_switch, name="language"),
    path("i/h/<str:value>/", v.handoff_accept, name="handoff_accept"),
    path("i/s/", v.home, name="home"),
    path("i/s/welcome/", v.welcome, name="welcome"),
    path("i/s/consent/", v.consent, name="consent"),
    path("i/s/device/", v.device, name="device"),
    path("i/s/booking/", v.booking, name="booking"),
    path("i/s/booking.ics", v.booking_ics, name="booking_ics"),
    path("i/s/start/", v.start, name="start"),
    path("i/s/decline/", v.decline, name="decline"),
    path("i/s/handoff/", v.handoff, name="handoff"),
    path("i/s/text-mode/", v.text_mode, name="text_mode"),
    path("i/s/human/", v.human, name="human"),
    path("i/s/interview/", v.interview_page, name="interview"),
    path("i/s/status/", v.status, name="status"),
    path("i/s/api/state", v.api_state, name="api_state"),
    path("i/s/api/speed", v.api_speed, name="api_speed"),
    path("i/s/api/uploads", v.api_upload_open, name="api_upload_open"),
    path("i/s/api/uploads/<uuid:upload_id>", v.api_upload, name="api_upload"),
    path("i/s/api/uploads/<uuid:upload_id>/chunk", v.api_upload_chunk, name="api_upload_chunk"),
    path("i/s/api/uploads/<uuid:upload_id>/complete", v.api_upload_complete, name="api_upload_complete"),
    path("i/s/api/text", v.api_text, name="api_text"),
    path("i/s/api/retake", v.api_retake, name="api_retake"),
    path("i/s/api/finish", v.api_finish, name="api_finish"),
    re_path(r"^i/(?P<token>[A-Za-z0-9_-]{16,64})$", v.token_exchange, name="exchange"),
]
