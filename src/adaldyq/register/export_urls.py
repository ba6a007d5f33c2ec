from django.urls import path

from adaldyq.register import exports

urlpatterns = [
    path("register.csv", exports.register_csv, name="register-csv"),
    path("register.json", exports.register_json, name="register-json"),
    path("register.ftm.json", exports.register_ftm, name="register-ftm"),
]
