from django.urls import path

from adaldyq.register import views

app_name = "register"
urlpatterns = [
    path("", views.search, name="search"),
    path("changes/", views.changes, name="changes"),
    path("<int:pk>/", views.entry, name="entry"),
]
