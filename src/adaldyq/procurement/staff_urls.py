"""Staff pages, mounted at /<lang>/staff/procurement/ (namespace `staff_procurement`)."""

from django.urls import path

from . import staff_views

urlpatterns = [
    path("", staff_views.home, name="home"),
    path("processes/", staff_views.process_list, name="processes"),
    path("processes/<path:ocid>/", staff_views.process_detail, name="process"),
    path("buyers/", staff_views.organisation_list, {"kind": "buyer"}, name="buyers"),
    path("suppliers/", staff_views.organisation_list, {"kind": "supplier"}, name="suppliers"),
    path("ties/", staff_views.tie_list, name="ties"),
    path("coverage/", staff_views.coverage, name="coverage"),
    path("runs/", staff_views.run_list, name="runs"),
    path("indicators/<str:code>/", staff_views.indicator, name="indicator"),
    path("export/<str:kind>.<str:fmt>", staff_views.export, name="export"),
]
