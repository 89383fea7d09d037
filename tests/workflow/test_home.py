"""The console home page: each app's figures of what needs doing, scoped to the viewer's jobs."""

from __future__ import annotations

import re

from django.utils import translation

from openhire.candidates.models import Application
from openhire.core import navigation
from openhire.jobs.models import Job
from openhire.workflow.models import Todo


def _tiles(user) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with translation.override("en"):
        return {str(t.label): t.value for _, tiles in navigation.home_sections(user) for t in tiles}


def test_home_counts_what_needs_doing_on_the_viewers_jobs_only(org, users, make_user, job, make_application):
    first = make_application("赵一")
    make_application("钱二")
    Application.objects.filter(pk=first.pk).update(marked_for_interview=True)
    Todo.objects.create(organization=org, application=first, assignee=users["recruiter"], title="打电话")
    other_job = Job.objects.create(organization=org, title="柜员", status="open")
    Application.objects.create(
        organization=org,
        candidate=first.candidate,
        job=other_job,
        source="careers",
        marked_for_interview=True,
    )

    mine = _tiles(users["recruiter"])
    assert mine["Open jobs"] == 1  # the other job has no team: the recruiter is not on it
    assert mine["New applications (7 days)"] == 2
    assert mine["Marked for AI interview"] == 1
    assert mine["My open to-dos"] == 1
    assert _tiles(users["admin"])["Marked for AI interview"] == 2
    outsider = make_user(org, "recruiter", username="outsider")
    assert _tiles(outsider)["New applications (7 days)"] == 0 and _tiles(outsider)["My open to-dos"] == 0
    assert navigation.home_sections(users["auditor"]) == []  # the auditor's console has no pipeline


def test_home_page_shows_the_tiles_in_the_users_language(org, users, client_for, job, make_application):
    make_application("赵一")
    client = client_for(users["recruiter"])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "近 7 天新投递" in page and "待预约" in page
    assert re.search(r'<span class="count">1</span><span class="label">近 7 天新投递', page)
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "New applications (7 days)" in english
