"""Public pages, mounted at /<lang>/assets/ (namespace `recovery`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("list/", views.asset_list, name="assets"),
    path("report.csv", views.report_csv, name="report_csv"),
    path("report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("fund/", views.projects, name="projects"),
    path("fund/<int:pk>/", views.project, name="project"),
]
