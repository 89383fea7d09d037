from __future__ import annotations

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from openhire.accounts import selectors, services
from openhire.accounts.forms import ApiKeyCreateForm, LoginForm, TokenForm, UserCreateForm, UserEditForm
from openhire.accounts.models import User
from openhire.audit.services import audit_record
from openhire.core.errors import OpenhireError
from openhire.core.permissions import ADMIN, roles_required


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if user is None:
            candidate = User.objects.filter(username__iexact=form.cleaned_data["username"].strip()).first()
            if candidate is not None and services.login_locked(candidate):
                form.add_error(
                    None,
                    _(
                        "Too many failed attempts. This account is locked for a while; try again later or ask an administrator."
                    ),
                )
            else:
                form.add_error(None, _("Wrong username or password."))
        else:
            login(request, user)  # rotates the session key
            if user.language:
                request.session["_language"] = user.language
            return redirect(_safe_next(request))
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request)})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        user = request.user
        audit_record(actor=user, organization=user.organization, action="auth.logout", obj=user)  # type: ignore[union-attr]
    logout(request)
    messages.info(request, _("You have been logged out."))
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                audit_record(
                    actor=request.user,
                    organization=request.user.organization,
                    action="auth.otp_verified",
                    obj=request.user,
                )  # type: ignore[arg-type, union-attr]
                return redirect(_safe_next(request))
        form.add_error(
            "token", _("That code is not valid. Check your phone's clock and try the current code.")
        )
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request)})


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit_record(actor=user, organization=user.organization, action="auth.otp_enrolled", obj=user)  # type: ignore[arg-type, union-attr]
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("core:home")
        form.add_error(
            "token", _("That code is not valid. Check your phone's clock and try the current code.")
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": secret,
            "required": getattr(user, "needs_second_factor", False),
        },
    )


@roles_required(ADMIN)
def user_list(request: HttpRequest) -> HttpResponse:
    viewer: User = request.user  # type: ignore[assignment]
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_create(organization=viewer.organization, actor=viewer, **form.cleaned_data)  # type: ignore[arg-type]
        except OpenhireError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("User created."))
            return redirect("accounts:users")
    key_form = ApiKeyCreateForm()
    return render(
        request,
        "accounts/users.html",
        {
            "users": selectors.users_for(viewer),
            "form": form,
            "key_form": key_form,
            "api_keys": selectors.api_keys_for(viewer),
        },
    )


@roles_required(ADMIN)
def user_edit(request: HttpRequest, user_id: str) -> HttpResponse:
    viewer: User = request.user  # type: ignore[assignment]
    target = selectors.access_user(viewer, user_id)
    initial = {name: getattr(target, name) for name in UserEditForm.base_fields}
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(user=target, actor=viewer, changes=form.cleaned_data)
        except OpenhireError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:users")
    return render(request, "accounts/user_edit.html", {"target": target, "form": form})


@require_POST
@roles_required(ADMIN)
def user_toggle_active(request: HttpRequest, user_id: str) -> HttpResponse:
    viewer: User = request.user  # type: ignore[assignment]
    target = selectors.access_user(viewer, user_id)
    if target.pk == viewer.pk:
        messages.error(request, _("You cannot deactivate yourself."))
    elif target.is_active:
        services.user_deactivate(user=target, actor=viewer)
        messages.success(request, _("User deactivated; their sessions have ended."))
    else:
        services.user_reactivate(user=target, actor=viewer)
        messages.success(request, _("User reactivated."))
    return redirect("accounts:users")


@require_POST
@roles_required(ADMIN)
def api_key_create(request: HttpRequest) -> HttpResponse:
    viewer: User = request.user  # type: ignore[assignment]
    form = ApiKeyCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the API key form."))
        return redirect("accounts:users")
    scopes = ["read", "write"] if form.cleaned_data["write"] else ["read"]
    assert viewer.organization is not None
    issued = services.api_key_create(
        organization=viewer.organization,
        name=form.cleaned_data["name"],
        scopes=scopes,
        role=form.cleaned_data["role"],
        actor=viewer,  # type: ignore[arg-type]
    )
    return render(request, "accounts/api_key_created.html", {"issued": issued})


@require_POST
@roles_required(ADMIN)
def api_key_revoke(request: HttpRequest, key_id: str) -> HttpResponse:
    viewer: User = request.user  # type: ignore[assignment]
    services.api_key_revoke(api_key=selectors.access_api_key(viewer, key_id), actor=viewer)
    messages.success(request, _("API key revoked."))
    return redirect("accounts:users")
