from django.urls import path

from openhire.candidates import views

app_name = "candidates"
urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("<uuid:candidate_id>/", views.candidate_detail, name="detail"),
    path("documents/<uuid:document_id>/", views.document_download, name="document"),
    path("jobs/<uuid:job_id>/upload/", views.upload, name="upload"),
    path("batches/<uuid:batch_id>/", views.batch_report, name="batch"),
    path("import/", views.import_upload, name="import"),
    path("import/<uuid:batch_id>/", views.import_batch, name="import_batch"),
    path("import/<uuid:batch_id>/errors.csv", views.import_errors, name="import_errors"),
]
