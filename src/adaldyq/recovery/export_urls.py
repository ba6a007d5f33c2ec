"""Open data under /exports/: the whole itemized list of assets and the funded projects' sources."""

from django.urls import path

from . import exports

urlpatterns = [
    path("recovery/assets.csv", exports.assets_csv, name="recovery_assets_csv"),
    path("recovery/project-sources.csv", exports.project_sources_csv, name="recovery_project_sources_csv"),
]
