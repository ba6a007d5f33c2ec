"""Staff pages at /<lang>/staff/cooperation/ (namespace staff_cooperation). Each page
has a `.json` twin built from the same query."""

from django.urls import path

from adaldyq.cooperation import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard.json", views.home_json, name="home_json"),
    path("requests/", views.request_list, name="requests"),
    path("requests.json", views.request_list_json, name="requests_json"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<str:reference>/", views.request_detail, name="request"),
    path("requests/<str:reference>.json", views.request_detail_json, name="request_json"),
    path("requests/<str:reference>/move/", views.request_move, name="request_move"),
    path("requests/<str:reference>/subjects/", views.request_add_subject, name="request_subject"),
    path("requests/<str:reference>/documents/", views.request_add_document, name="request_document"),
    path("requests/<str:reference>/documents/<int:pk>/file", views.request_document_file,
         name="request_document_file"),
    path("partners/", views.partner_list, name="partners"),
    path("partners.json", views.partner_list_json, name="partners_json"),
    path("partners/<str:code>/", views.partner_detail, name="partner"),
    path("partners/<str:code>.json", views.partner_detail_json, name="partner_json"),
    path("partners/<str:code>/tokens/", views.partner_token_issue, name="partner_token"),
    path("partners/<str:code>/tokens/<int:token_id>/revoke/", views.partner_token_revoke, name="partner_token_revoke"),
    path("packages/", views.package_list, name="packages"),
    path("packages.json", views.package_list_json, name="packages_json"),
    path("packages/<str:package_id>/", views.package_detail, name="package"),
    path("packages/<str:package_id>.json", views.package_detail_json, name="package_json"),
]
