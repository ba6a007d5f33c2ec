from django.urls import path, re_path

from adaldyq.transparency import views

app_name = "transparency"
urlpatterns = [
    path("checkpoint", views.checkpoint, name="checkpoint"),
    path("key", views.key, name="key"),
    re_path(r"^tile/(?P<path>.+)$", views.tile, name="tile"),
]
