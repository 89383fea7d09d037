"""Demo content for ``openhire demo``: open jobs made from the shipped templates, with published plans."""

from __future__ import annotations

import yaml

from openhire.accounts.models import Organization, User
from openhire.core.errors import OpenhireError
from openhire.jobs import selectors, services, templates

PREFERRED = ("customer_manager", "bank_teller", "software_engineer", "credit_officer", "customer_service")
LOCATIONS = {"customer_manager": "贵阳", "bank_teller": "郑州", "software_engineer": "上海"}
TEAM = (("recruiter", "recruiter"), ("interviewer", "interviewer"), ("manager", "hiring_manager"))


def demo_jobs(org: Organization) -> None:
    """Two or three open jobs from templates, the demo recruiter, interviewer and manager on each team."""
    keys = set(templates.template_keys())
    chosen = [k for k in PREFERRED if k in keys][:3] or sorted(keys)[:3]
    users = {u.username: u for u in User.objects.filter(organization=org)}
    actor = users.get("recruiter")
    for key in chosen:
        try:
            templates.template_load(key)
        except (OpenhireError, yaml.YAMLError):
            continue  # a broken template must not stop the demo
        job = services.job_create_from_template(
            organization=org, actor=actor, key=key, location=LOCATIONS.get(key, "")
        )
        for username, team_role in TEAM:
            if username in users:
                services.job_member_add(job=job, user=users[username], team_role=team_role, actor=None)
        plan = selectors.plan_of(job)
        if plan is not None:
            services.plan_publish(plan=plan, actor=actor)
        services.job_status_change(job=job, to_status="open", actor=actor, note="demo")
