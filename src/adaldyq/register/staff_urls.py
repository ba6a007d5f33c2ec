from django.urls import path

from adaldyq.register import staff_views

urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("entries/<int:pk>/", staff_views.entry, name="entry"),
    path("entries/new/", staff_views.propose, name="new"),
    path("entries/<int:pk>/correct/", staff_views.propose, name="correct"),
    path("entries/<int:pk>/remove/", staff_views.propose_removal, name="remove"),
    path("proposals/<int:pk>/", staff_views.proposal, name="proposal"),
    path("proposals/<int:pk>/<str:decision>/", staff_views.decide, name="decide"),
]
