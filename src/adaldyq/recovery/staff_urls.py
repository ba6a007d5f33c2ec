"""Staff pages, mounted at /<lang>/staff/recovery/ (namespace `staff_recovery`)."""

from django.urls import path

from . import staff_views

urlpatterns = [
    path("", staff_views.cases, name="cases"),
    path("case/<int:pk>/", staff_views.case, name="case"),
    path("asset/<int:pk>/", staff_views.asset, name="asset"),
    path("document/<int:pk>/file", staff_views.document_file, name="document_file"),
    path("fund/", staff_views.fund, name="fund"),
    path("fund/project/<int:pk>/", staff_views.project, name="project"),
    path("fund/allocation/<int:pk>/", staff_views.allocation, name="allocation"),
    path("fund/allocation/<int:pk>/decide/", staff_views.decide, name="decide"),
]
