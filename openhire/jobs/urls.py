from django.urls import path

from openhire.jobs.views import jobs, library, plans

app_name = "jobs"

urlpatterns = [
    path("", jobs.job_list, name="list"),
    path("new/", jobs.job_new, name="new"),
    path("new/blank/", jobs.job_new_blank, name="new_blank"),
    path("competencies/", library.competency_list, name="competencies"),
    path("competencies/<uuid:competency_id>/", library.competency_edit, name="competency_edit"),
    path("questions/", library.question_list, name="questions"),
    path("questions/new/", library.question_new, name="question_new"),
    path("questions/export/", library.question_export, name="question_export"),
    path("questions/import/", library.question_import, name="question_import"),
    path("questions/similar/", library.question_duplicates_hint, name="question_similar"),
    path("questions/<uuid:question_id>/", library.question_edit, name="question_edit"),
    path("questions/<uuid:question_id>/archive/", library.question_archive, name="question_archive"),
    path("versions/<uuid:version_id>/", jobs.version_detail, name="version"),
    path("<uuid:job_id>/", jobs.job_detail, name="detail"),
    path("<uuid:job_id>/edit/", jobs.job_edit, name="edit"),
    path("<uuid:job_id>/status/", jobs.job_status, name="status"),
    path("<uuid:job_id>/team/", jobs.team_add, name="team_add"),
    path("<uuid:job_id>/team/<uuid:member_id>/remove/", jobs.team_remove, name="team_remove"),
    path("<uuid:job_id>/competencies/", plans.competency_model, name="model"),
    path("<uuid:job_id>/competencies/sum/", plans.competency_model_sum, name="model_sum"),
    path("<uuid:job_id>/plan/", plans.plan_edit, name="plan"),
    path("<uuid:job_id>/plan/preview/", plans.plan_preview, name="preview"),
    path("<uuid:job_id>/plan/publish/", plans.plan_publish, name="publish"),
]
