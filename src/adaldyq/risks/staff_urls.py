"""Staff pages, mounted at /<lang>/staff/risks/ (namespace `staff_risks`)."""

from django.urls import path

from adaldyq.risks import views

urlpatterns = [
    path("", views.home, name="home"),
    path("recommendations/", views.recommendation_list, name="list"),
    path("recommendations/<str:code>/", views.detail, name="detail"),
    path("recommendations/<str:code>/act/", views.act, name="act"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("import/", views.import_upload, name="import"),
    path("export.xlsx", views.export, name="export"),
]
