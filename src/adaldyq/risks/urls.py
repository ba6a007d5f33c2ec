"""Public pages, mounted at /<lang>/risks/ (namespace `risks`)."""

from django.urls import path

from adaldyq.risks import views

urlpatterns = [
    path("", views.public, name="public"),
    path("reports/<slug:code>/", views.report, name="report"),
]
