from django.urls import path

from adaldyq.screening import views

urlpatterns = [
    path("", views.screen, name="screen"),
    path("upload/", views.upload, name="upload"),
]
