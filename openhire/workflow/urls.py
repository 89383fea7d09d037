from django.urls import path

from openhire.workflow import views

app_name = "workflow"

urlpatterns = [
    path("", views.index, name="index"),
    path("jobs/<uuid:job_id>/", views.board, name="board"),
    path("jobs/<uuid:job_id>/move/", views.move, name="move"),
    path("applications/<uuid:application_id>/", views.history, name="history"),
    path("rules/", views.rules, name="rules"),
    path("rules/new/", views.rule_edit, name="rule_new"),
    path("rules/<uuid:rule_id>/", views.rule_edit, name="rule_edit"),
    path("rules/<uuid:rule_id>/toggle/", views.rule_toggle, name="rule_toggle"),
    path("failures/", views.failures, name="failures"),
    path("failures/<uuid:timer_id>/retry/", views.failure_retry, name="failure_retry"),
    path("stages/", views.stages, name="stages"),
    path("scorecards/<uuid:scorecard_id>/", views.scorecard, name="scorecard"),
    path("todos/", views.todos, name="todos"),
]
