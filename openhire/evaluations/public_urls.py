from django.urls import path

from openhire.evaluations import candidate_views as v

app_name = "evaluations_candidate"

urlpatterns = [
    path("i/s/feedback/", v.feedback, name="feedback"),
    path("i/s/feedback/review/", v.review, name="review"),
]
