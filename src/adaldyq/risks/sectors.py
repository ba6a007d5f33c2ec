"""The six sectors of the agency's external analysis, with kk/ru/en names.

Seeded by a data migration so a fresh database has them; more can be added in the admin.
"""

from __future__ import annotations

SIX_SECTORS: list[tuple[str, str, str, str]] = [
    # code, kk, ru, en
    ("transport_control", "Көліктік бақылау", "Транспортный контроль", "Transport control"),
    ("natural_resources", "Табиғи ресурстарды басқару", "Управление природными ресурсами",
     "Natural-resource management"),
    ("defence_orders", "Мемлекеттік қорғаныс тапсырысы", "Государственный оборонный заказ",
     "State defence orders"),
    ("migration_services", "Көші-қон қызметтері", "Миграционные услуги", "Migration services"),
    ("social_corporations", "Әлеуметтік-кәсіпкерлік корпорациялар", "Социально-предпринимательские корпорации",
     "Social-entrepreneurial corporations"),
    ("national_railway", "Ұлттық темір жол компаниясы", "Национальная железнодорожная компания",
     "National railway company"),
]
