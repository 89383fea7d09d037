from django.urls import path

from openhire.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("users/", views.user_list, name="users"),
    path("users/<uuid:user_id>/", views.user_edit, name="user_edit"),
    path("users/<uuid:user_id>/toggle/", views.user_toggle_active, name="user_toggle"),
    path("api-keys/", views.api_key_create, name="api_key_create"),
    path("api-keys/<uuid:key_id>/revoke/", views.api_key_revoke, name="api_key_revoke"),
]
