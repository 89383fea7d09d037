"""The public careers page: open jobs of an organisation, and the apply form (phone-first)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openhire.accounts.models import Organization
from openhire.candidates import services
from openhire.candidates.forms import ApplyForm
from openhire.candidates.privacy import PRIVACY_NOTICE_TEMPLATE, PRIVACY_NOTICE_VERSION
from openhire.core.errors import Conflict, OpenhireError
from openhire.jobs.models import Job


def _org(slug: str) -> Organization:
    return get_object_or_404(Organization, slug=slug)


def _client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it.
    return str(request.META.get("REMOTE_ADDR", ""))


def careers_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _org(org_slug)
    jobs = Job.objects.filter(organization=org, status=Job.Status.OPEN).order_by("-created_at")
    return render(request, "candidates/careers/list.html", {"org": org, "jobs": jobs})


def privacy_notice(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _org(org_slug)
    return render(
        request,
        "candidates/careers/privacy.html",
        {"org": org, "notice_template": PRIVACY_NOTICE_TEMPLATE, "version": PRIVACY_NOTICE_VERSION},
    )


@require_http_methods(["GET", "POST"])
def careers_job(request: HttpRequest, org_slug: str, job_id: str) -> HttpResponse:
    org = _org(org_slug)
    job = get_object_or_404(Job, organization=org, id=job_id, status=Job.Status.OPEN)
    form = ApplyForm(request.POST or None, request.FILES or None)
    context = {"org": org, "job": job, "form": form, "version": PRIVACY_NOTICE_VERSION}
    if request.method == "POST":
        if services.apply_throttle_hit(ip=_client_ip(request)):
            return render(request, "candidates/careers/too_many.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.careers_apply(
                    job=job,
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    resume=data["resume"],
                    resume_name=data["resume"].name,
                    consent_version=PRIVACY_NOTICE_VERSION if data["consent"] else "",
                )
                return render(request, "candidates/careers/thanks.html", context)
            except Conflict as exc:
                context["already"] = str(exc.message)
                return render(request, "candidates/careers/job.html", context, status=409)
            except OpenhireError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        if not form.errors:
            form.add_error(None, _("Please check the form."))
    return render(request, "candidates/careers/job.html", context)
