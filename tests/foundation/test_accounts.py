from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from openhire.accounts import services
from openhire.audit.models import AuditEvent

PASSWORD = "correct-horse-battery"


def _login(client: Client, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_renews_session_and_logout_ends_it(users):
    client = Client()
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "attacker-fixed-session"
    response = _login(client, "recruiter")
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != "attacker-fixed-session"
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.login", actor=users["recruiter"]).exists()


def test_wrong_password_is_refused_with_a_message(users):
    response = _login(Client(), "recruiter", "wrong-password")
    assert response.status_code == 200
    assert (
        "Wrong username or password" in response.content.decode()
        or "用户名或密码错误" in response.content.decode()
    )


def test_lockout_after_repeated_failures(users, settings):
    client = Client()
    for _ in range(settings.OPENHIRE_LOGIN_MAX_FAILURES):
        _login(client, "recruiter", "nope-nope-nope")
    users["recruiter"].refresh_from_db()
    assert users["recruiter"].locked_until and users["recruiter"].locked_until > timezone.now()
    assert _login(client, "recruiter").status_code == 200  # even the right password is refused now
    assert AuditEvent.objects.filter(action="user.lockout").exists()


def test_lockout_expires(users, settings, time_machine):
    for _ in range(settings.OPENHIRE_LOGIN_MAX_FAILURES):
        _login(Client(), "recruiter", "nope-nope-nope")
    time_machine.move_to(timezone.now() + timedelta(minutes=settings.OPENHIRE_LOGIN_LOCKOUT_MINUTES + 1))
    assert _login(Client(), "recruiter").status_code == 302


def test_admin_must_set_up_totp_before_using_the_console(users, time_machine):
    client = Client()
    assert _login(client, "admin").status_code == 302
    response = client.get("/accounts/users/")
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/setup/"
    assert client.get("/api/v1/users").status_code == 401  # the API refuses unverified admins too
    page = client.get("/accounts/otp/setup/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=users["admin"], confirmed=False)
    assert client.post("/accounts/otp/setup/", {"token": "000000"}).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(seconds=5))  # django-otp throttles after a failure
    code = f"{totp(device.bin_key):06d}"
    assert client.post("/accounts/otp/setup/", {"token": code}).status_code == 302
    assert client.get("/accounts/users/").status_code == 200


def test_user_with_totp_is_asked_for_the_code_at_next_login(users):
    device = TOTPDevice.objects.create(user=users["recruiter"], name="phone", confirmed=True)
    client = Client()
    _login(client, "recruiter")
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/verify/")
    assert (
        client.post(
            "/accounts/otp/verify/", {"token": f"{totp(device.bin_key):06d}", "next": "/"}
        ).status_code
        == 302
    )
    assert client.get("/").status_code == 200


def test_deactivation_ends_every_session(users, client_for):
    laptop, phone = client_for(users["recruiter"]), client_for(users["recruiter"])
    assert laptop.get("/").status_code == 200 and phone.get("/").status_code == 200
    services.user_deactivate(user=users["recruiter"], actor=users["admin"])
    assert laptop.get("/").status_code == 302
    assert phone.get("/api/v1/me").status_code == 401
    assert _login(Client(), "recruiter").status_code == 200  # cannot log in again


def test_api_key_authenticates_and_read_only_scope_refuses_writes(org, users):
    read = services.api_key_create(
        organization=org, name="ERP", scopes=["read"], role="admin", actor=users["admin"]
    )
    write = services.api_key_create(
        organization=org, name="HRIS", scopes=["read", "write"], role="admin", actor=users["admin"]
    )
    client = Client()
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {read.secret}")
    assert me.status_code == 200 and me.json()["organization"]["slug"] == org.slug
    body = '{"username": "via-key", "password": "a-long-enough-password", "role": "recruiter"}'
    denied = client.post(
        "/api/v1/users", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {read.secret}"
    )
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "forbidden"
    created = client.post("/api/v1/users", body, content_type="application/json", HTTP_X_API_KEY=write.secret)
    assert created.status_code == 201
    assert read.secret not in str(list(org.api_keys.values()))  # only the hash is stored
    services.api_key_revoke(api_key=read.api_key, actor=users["admin"])
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {read.secret}").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer oh_nothing_here").status_code == 401


def test_api_error_format_on_bad_input(users, client_for):
    response = client_for(users["admin"]).post(
        "/api/v1/users", '{"username": "x"}', content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_language_switch_translates_the_console(users, client_for):
    client = client_for(users["recruiter"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Log out" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "退出登录" in client.get("/").content.decode()


def test_admin_edits_a_colleagues_addresses_and_role(org, users, client_for):
    admin, target = users["admin"], users["interviewer"]
    colleague = client_for(target)
    assert colleague.get("/").status_code == 200
    response = client_for(admin).post(
        f"/accounts/users/{target.id}/",
        {
            "display_name": "李面试",
            "email": "li@example.com",
            "phone": "13900001111",
            "wecom_userid": "LiMian",
            "language": "en",
            "role": "hiring_manager",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.display_name, target.wecom_userid, target.phone, target.role, target.language) == (
        "李面试",
        "LiMian",
        "13900001111",
        "hiring_manager",
        "en",
    )
    assert colleague.get("/").status_code == 302  # the role changed: their session has ended
    row = AuditEvent.objects.filter(action="user.update").latest("created_at")
    assert row.after["wecom_userid"] == "LiMian" and row.after["phone"] == "…"
    assert "13900001111" not in str(row.before) + str(row.after)
    # Saving the same values again changes nothing and writes no row.
    services.user_update(user=target, actor=admin, changes={"wecom_userid": "LiMian"})
    assert AuditEvent.objects.filter(action="user.update").count() == 1


def test_user_edit_refuses_unknown_fields_roles_and_an_own_role_change(users):
    import pytest

    from openhire.core.errors import ValidationFailed

    admin = users["admin"]
    with pytest.raises(ValidationFailed):
        services.user_update(user=users["recruiter"], actor=admin, changes={"is_superuser": True})
    with pytest.raises(ValidationFailed):
        services.user_update(user=users["recruiter"], actor=admin, changes={"role": "owner"})
    with pytest.raises(ValidationFailed):
        services.user_update(user=admin, actor=admin, changes={"role": "recruiter"})
