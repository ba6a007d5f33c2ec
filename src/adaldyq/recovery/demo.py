"""Synthetic demonstration data: recovery cases at home and abroad, a year and a half of
asset events, official-looking exchange rates, and the fund with its projects, including
a rural school finished with money from a case modelled on SPK "Aktau".

Every name, number and amount is generated (seeded, so the same seed gives the same
data; dates are relative to today so the default 11-month dashboard has something to
show). Everything goes through the services, so the history chains are complete.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from adaldyq.core import roles
from adaldyq.core.regions import REGIONS

from . import review, services
from .exceptions import RecoveryError
from .models import Allocation, AllocationStatus, Asset, ExchangeRate, Project, RecoveryCase

CURRENCIES = {"USD": Decimal("505"), "EUR": Decimal("545"), "AED": Decimal("137.5"), "GBP": Decimal("640"),
              "CHF": Decimal("575"), "TRY": Decimal("14.8"), "GEL": Decimal("186"), "CNY": Decimal("70.5")}
ABROAD = [("AE", "AED"), ("GB", "GBP"), ("CH", "CHF"), ("US", "USD"), ("TR", "TRY"), ("GE", "GEL"),
          ("CY", "EUR"), ("NL", "EUR"), ("CN", "CNY")]
KINDS = [("real_estate", 30), ("vehicle", 18), ("bank_funds", 22), ("securities", 6), ("company_stake", 10),
         ("crypto", 5), ("other", 9)]
def _t(kk: str, ru: str, en: str) -> dict[str, str]:
    return {"kk": kk, "ru": ru, "en": en}


# Public texts of the synthetic cases and assets, in the three languages.
DESCRIPTIONS = {
    "real_estate": [_t("Пәтер, 3 бөлме", "Квартира, 3 комнаты", "Apartment, 3 rooms"),
                    _t("Коммерциялық ғимарат", "Коммерческое здание", "Commercial building"),
                    _t("Жер учаскесі, 2 га", "Земельный участок, 2 га", "Land plot, 2 ha"),
                    _t("Қала сыртындағы үй", "Загородный дом", "Country house"),
                    _t("Кеңсе қабаты", "Офисный этаж", "Office floor")],
    "vehicle": [_t("Жеңіл автокөлік", "Легковой автомобиль", "Passenger car"),
                _t("Жол талғамайтын көлік", "Внедорожник", "Off-road vehicle"),
                _t("Жүк көлігі", "Грузовик", "Truck"), _t("Арнайы техника", "Спецтехника", "Special machinery")],
    "bank_funds": [_t("Ағымдағы шоттағы қаражат", "Средства на текущем счёте", "Funds on a current account"),
                   _t("Мерзімді депозит", "Срочный депозит", "Term deposit"),
                   _t("Брокерлік шоттағы қаражат", "Средства на брокерском счёте", "Funds on a brokerage account")],
    "securities": [_t("Сауда компаниясының облигациялары", "Облигации торговой компании", "Bonds of a trading company"),
                   _t("Листингтегі компанияның акциялары", "Акции листинговой компании",
                      "Shares of a listed company")],
    "company_stake": [_t("ЖШС-дағы 51% үлес", "Доля 51% в ТОО", "Stake of 51% in an LLP"),
                      _t("Құрылыс ЖШС-ындағы 100% үлес", "Доля 100% в строительном ТОО",
                         "Stake of 100% in a construction LLP"),
                      _t("АҚ-дағы 30% үлес", "Доля 30% в АО", "Stake of 30% in a JSC")],
    "crypto": [_t("Стейблкоиндер әмияны", "Кошелёк со стейблкоинами", "Wallet with stablecoins"),
               _t("Биткоин әмияны", "Кошелёк с биткоинами", "Wallet with bitcoin")],
    "other": [_t("Зергерлік бұйымдар", "Ювелирные изделия", "Jewellery"),
              _t("Өнер туындыларының топтамасы", "Коллекция произведений искусства", "Art collection"),
              _t("Ауыл шаруашылығы техникасы", "Сельхозтехника", "Agricultural equipment")],
}
SURNAMES = ["Demo-Abenov", "Demo-Seitkali", "Demo-Nurlanova", "Demo-Zhaksylykov", "Demo-Omarova", "Demo-Tulegenov"]
GIVEN = ["Aidos", "Madina", "Yerlan", "Aigerim", "Daniyar", "Saule"]
CASE_TITLES = [
    _t("Жол құрылысы шарттары бойынша жымқыру (демо)", "Хищение по договорам дорожного строительства (демо)",
       "Embezzlement in road construction contracts (demo)"),
    _t("Жер бөлу кезіндегі парақорлық (демо)", "Взяточничество при выделении земли (демо)",
       "Bribery in land allocation (demo)"),
    _t("Бюджеттік субсидияларды жымқыру (демо)", "Хищение бюджетных субсидий (демо)",
       "Embezzlement of budget subsidies (demo)"),
    _t("Мемлекеттік сатып алудағы қызметті асыра пайдалану (демо)", "Злоупотребление должностными полномочиями "
       "в госзакупках (демо)", "Abuse of office in state procurement (demo)"),
    _t("Квазимемлекеттік компанияның қаражатын ұрлау (демо)", "Хищение средств квазигосударственной компании (демо)",
       "Theft of funds of a quasi-state company (demo)"),
    _t("Лауазымды тұлғаның заңсыз баюы (демо)", "Незаконное обогащение должностного лица (демо)",
       "Illegal enrichment of an official (demo)"),
    _t("Тұрғын үй бағдарламасының қаражатымен алаяқтық (демо)", "Мошенничество со средствами жилищной программы "
       "(демо)", "Fraud with housing programme funds (demo)"),
    _t("Облыстық денсаулық сақтау басқармасындағы жымқыру (демо)", "Хищение в областном управлении здравоохранения "
       "(демо)", "Embezzlement at a regional health department (demo)"),
]
SPK_TITLE = _t("Әлеуметтік-кәсіпкерлік корпорациядағы жымқыру, «Ақтау» ӘКК үлгісі (демо)",
               "Хищение в социально-предпринимательской корпорации, по модели СПК «Актау» (демо)",
               'Embezzlement at a social-entrepreneurship corporation, SPK "Aktau" model (demo)')
SPK_FUNDS = _t("Үкім бойынша қайтарылған қаражат", "Средства, возвращённые по приговору",
               "Funds returned under the verdict")
# Synthetic projects, in the three languages: (name, kind, region, locality).
PROJECTS = [
    ({"kk": "Қызылтөбе ауылындағы 300 оқушыға арналған орта мектеп құрылысын аяқтау (демо)",
      "ru": "Завершение строительства средней школы на 300 учеников, село Кызылтобе (демо)",
      "en": "Completion of a secondary school for 300 pupils, village of Kyzyltobe (demo)"},
     "school", "mangystau", {"kk": "Қызылтөбе", "ru": "Кызылтобе", "en": "Kyzyltobe"}),
    ({"kk": "Түркістан қаласының маңындағы 600 оқушыға арналған мектеп (демо)",
      "ru": "Школа на 600 учеников в пригороде Туркестана (демо)",
      "en": "School for 600 pupils, Turkistan suburbs (demo)"},
     "school", "turkistan", {"kk": "Түркістан", "ru": "Туркестан", "en": "Turkistan"}),
    ({"kk": "Интернаты бар мектеп, Жетісу (демо)", "ru": "Школа с интернатом, Жетысу (демо)",
      "en": "School with a boarding house, Zhetysu (demo)"},
     "school", "zhetysu", {"kk": "Сарқан ауданы", "ru": "Сарканский район", "en": "Sarkand district"}),
    ({"kk": "Модульдік мектеп, Қызылорда облысы (демо)", "ru": "Модульная школа, Кызылординская область (демо)",
      "en": "Modular school, Kyzylorda region (demo)"},
     "school", "kyzylorda", {"kk": "Жалағаш", "ru": "Жалагаш", "en": "Zhalagash"}),
    ({"kk": "Аудандық аурухананың жаңа корпусы (демо)", "ru": "Новый корпус районной больницы (демо)",
      "en": "District hospital wing (demo)"},
     "hospital", "abai", {"kk": "Аягөз", "ru": "Аягоз", "en": "Ayagoz"}),
    ({"kk": "Ауылдық сумен жабдықтау желісі (демо)", "ru": "Сельская сеть водоснабжения (демо)",
      "en": "Rural water supply network (demo)"},
     "water", "zhambyl", {"kk": "Меркі ауданы", "ru": "Меркенский район", "en": "Merke district"}),
    ({"kk": "Ауылдық спорт кешені (демо)", "ru": "Сельский спортивный комплекс (демо)",
      "en": "Village sports complex (demo)"},
     "sport", "akmola", {"kk": "Шортанды", "ru": "Шортанды", "en": "Shortandy"}),
]
SCHOOL_DESCRIPTION = {
    "kk": "Салынып бітпей қалған ауыл мектебі; қалғанын қайтарылған қаражат төлейді.",
    "ru": "Недостроенная сельская школа; оставшуюся часть оплачивают возвращённые средства.",
    "en": "A rural school left unfinished; recovered money pays for the rest.",
}
SPORT_GROUND = {"kk": "Қызылтөбе мектебінің жанындағы спорт алаңы (демо)",
                "ru": "Спортивная площадка у школы в Кызылтобе (демо)",
                "en": "Sports ground next to the Kyzyltobe school (demo)"}
MILESTONES = [
    (200, "60000000", {"kk": "Қабырғалар мен шатыр", "ru": "Стены и кровля", "en": "Walls and roof"}),
    (260, "70000000", {"kk": "Жылыту және терезелер", "ru": "Отопление и окна", "en": "Heating and windows"}),
    (300, "50000000", {"kk": "Ішкі әрлеу және жабдықтар", "ru": "Внутренняя отделка и оборудование",
                       "en": "Interior and equipment"}),
]
FIRST_PAYMENT = {"kk": "Жобалау және құрылыс алаңы", "ru": "Проектирование и подготовка площадки",
                 "en": "Design and site"}


def _rates(rng: random.Random, today: dt.date) -> None:
    rows = []
    start = today - dt.timedelta(days=760)
    for currency, base in CURRENCIES.items():
        level = base
        day = start
        while day <= today:
            level = (level * Decimal(str(1 + rng.uniform(-0.012, 0.013)))).quantize(Decimal("0.01"))
            rows.append((day, currency, level))
            day += dt.timedelta(days=7)
    services.load_rates(rows, source="demo: synthetic weekly rates")


def _officers() -> tuple[Any, Any]:
    user_model = get_user_model()
    made = []
    for name in ("demo.fund.maker", "demo.fund.checker"):
        user, created = user_model.objects.get_or_create(username=name)
        if created:
            user.set_unusable_password()
            user.save()
        group = Group.objects.filter(name=roles.FUND_OFFICER).first()
        if group:
            user.groups.add(group)
        made.append(user)
    return made[0], made[1]


def _amount(rng: random.Random, low: float, high: float) -> Decimal:
    """Log-uniform: many small assets, a few very large ones."""
    import math

    return Decimal(str(round(math.exp(rng.uniform(math.log(low), math.log(high))), -3)))


def _allocate(project_id: int, amount: Decimal, maker: Any, checker: Any, *, on: dt.date,
              document: str = "") -> Any:
    """A demo allocation as it happens for real: one officer proposes, the other
    approves what the review shows."""
    allocation = services.propose_allocation(project_id, amount, officer=maker, on=on, document=document)
    if allocation.status != AllocationStatus.PROPOSED:
        return allocation
    shown = review.allocation_review(Allocation.objects.select_related("project", "proposed_by").get(pk=allocation.pk))
    return services.approve_allocation(allocation.pk, approver=checker, on=on, reviewed=shown["digest"])


def _spk_aktau(today: dt.date, maker: Any, checker: Any) -> Project:
    """A case like SPK "Aktau": 197 million tenge recovered, mostly to finish a rural school."""
    opened = today - dt.timedelta(days=320)
    case = services.open_case(reference="CC-DEMO-SPK-AKTAU", kind="criminal", region="mangystau", opened_on=opened,
                              title=SPK_TITLE)
    services.add_party(case, kind="organization", role="victim", name='SPK "Aktau-Demo" JSC')
    person = services.add_party(case, kind="person", role="accused", name="Demo-Sarsenbayev Nurbol",
                                iin_bin="800101300999", address="Aktau, microdistrict 99, house 1 (demo)")
    asset = services.identify_asset(case=case, reference="A-DEMO-SPK-1", kind="bank_funds",
                                    description=SPK_FUNDS, region="mangystau",
                                    valuation_amount=Decimal("197000000"), valuation_date=opened,
                                    identified_on=opened, owner=person)
    services.take_action(asset.pk, "freeze", on=opened + dt.timedelta(days=10), document="Arrest order (demo)")
    services.take_action(asset.pk, "confiscate", on=opened + dt.timedelta(days=150),
                         amount=Decimal("197000000"), document="Verdict (demo)")
    services.take_action(asset.pk, "transfer", on=opened + dt.timedelta(days=170))
    services.take_action(asset.pk, "credit", on=opened + dt.timedelta(days=175), amount=Decimal("197000000"),
                         document="Payment order (demo)")
    name, kind, region, locality = PROJECTS[0]
    school = services.create_project(name=name, kind=kind, region=region, locality=locality,
                                     approved_on=opened + dt.timedelta(days=180), budget_kzt=Decimal("240000000"),
                                     description=SCHOOL_DESCRIPTION)
    sport = services.create_project(name=SPORT_GROUND, kind="sport",
                                    region=region, locality=locality, approved_on=opened + dt.timedelta(days=180),
                                    budget_kzt=Decimal("17000000"))
    on = opened + dt.timedelta(days=185)
    allocation = _allocate(school.pk, Decimal("180000000"), maker, checker, on=on,
                           document="Government commission decision (demo)")
    services.propose_allocation(sport.pk, Decimal("17000000"), officer=maker, on=on)
    for days, share, milestone in MILESTONES:
        when = opened + dt.timedelta(days=days)
        if when <= today:
            services.disburse(allocation.pk, Decimal(share), milestone=milestone, paid_on=when, officer=maker)
    if opened + dt.timedelta(days=310) <= today:
        services.complete_project(school.pk, on=opened + dt.timedelta(days=310), officer=maker)
    return school


def _asset_life(rng: random.Random, asset: Asset, today: dt.date) -> None:
    """Walk one asset forward along a plausible path until today."""
    day = asset.identified_on

    def step(action: str, after_days: tuple[int, int], **kwargs: Any) -> bool:
        nonlocal day
        when = day + dt.timedelta(days=rng.randint(*after_days))
        if when > today:
            return False
        try:
            services.take_action(asset.pk, action, on=when, **kwargs)
        except RecoveryError:
            return False
        day = when
        return True

    value = asset.valuation_kzt
    if rng.random() > 0.85 or not step("freeze", (3, 40), document="Arrest order (demo)"):
        return
    if rng.random() < 0.06:
        step("lift_arrest", (20, 90), ground="Court lifted the arrest (demo)")
        return
    if rng.random() < 0.35:
        return
    ordered = (value * Decimal(str(rng.uniform(0.8, 1.4)))).quantize(Decimal("1"))
    action = "agree_return" if asset.case.kind == "asset_return" or rng.random() < 0.25 else "confiscate"
    if not step(action, (30, 180), amount=ordered, document="Verdict (demo)" if action == "confiscate"
                else "Agreement (demo)"):
        return
    if rng.random() < 0.04:
        step("overturn", (20, 60), ground="Appeal court overturned the confiscation (demo)")
        return
    if rng.random() < 0.35:  # the audit's finding: ordered, barely collected
        if rng.random() < 0.5:
            step("collect", (30, 120), amount=(ordered * Decimal(str(rng.uniform(0.01, 0.2)))).quantize(Decimal("1")))
        return
    if not step("transfer", (15, 90)):
        return
    if asset.kind == "bank_funds":
        step("credit", (3, 20), amount=min(value, ordered))
        return
    if rng.random() < 0.4:
        step("hold", (5, 30))
        return
    if step("sell", (30, 150), amount=(value * Decimal(str(rng.uniform(0.7, 1.05)))).quantize(Decimal("1"))):
        asset.refresh_from_db()
        step("credit", (5, 30), amount=asset.proceeds_kzt)


def load(seed: int = 2026) -> str:
    if RecoveryCase.objects.filter(reference="CC-DEMO-SPK-AKTAU").exists():
        return "recovery: demo data already present"
    rng = random.Random(seed)
    today = timezone.localdate()
    maker, checker = _officers()
    _rates(rng, today)
    school = _spk_aktau(today, maker, checker)
    regions = list(REGIONS)
    kinds, weights = zip(*KINDS, strict=True)
    number = 0
    for index in range(40):
        opened = today - dt.timedelta(days=rng.randint(60, 520))
        case_kind = "asset_return" if index % 4 == 0 else "criminal"
        case = services.open_case(reference=f"{'AR' if case_kind == 'asset_return' else 'CC'}-DEMO-{index + 1:04d}",
                                  kind=case_kind, title=rng.choice(CASE_TITLES), opened_on=opened,
                                  region=rng.choice(regions))
        person = services.add_party(case, kind="person", role="accused",
                                    name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
                                    iin_bin=f"{rng.randint(10**11, 10**12 - 1)}",
                                    address=f"Demo street {rng.randint(1, 200)}")
        company = services.add_party(case, kind="organization", role="nominee holder",
                                     name=f"Demo-{rng.choice(['Stroy', 'Trade', 'Invest', 'Agro'])}-{index + 1} LLP")
        for _ in range(rng.randint(3, 14)):
            number += 1
            kind = rng.choices(kinds, weights)[0]
            abroad = rng.random() < 0.22
            country, currency = rng.choice(ABROAD) if abroad else ("KZ", "KZT")
            identified = opened + dt.timedelta(days=rng.randint(0, 60))
            if identified > today:
                identified = today
            amount = _amount(rng, 8e6, 1.2e10)
            if currency != "KZT":
                rate = ExchangeRate.objects.filter(currency=currency, on__lte=identified).order_by("-on").first()
                amount = (amount / (rate.kzt_per_unit if rate else Decimal(1))).quantize(Decimal("1"))
            asset = services.identify_asset(
                case=case, reference=f"A-DEMO-{number:05d}", kind=kind, description=rng.choice(DESCRIPTIONS[kind]),
                country=country, region="" if abroad else rng.choice(regions), valuation_amount=amount,
                currency=currency, valuation_date=identified, identified_on=identified,
                owner=rng.choice([person, company]), internal_notes="Found through bank records (demo)",
            )
            _asset_life(rng, asset, today)
    projects = []
    for name, kind, region, locality in PROJECTS[1:]:
        projects.append(services.create_project(
            name=name, kind=kind, region=region, locality=locality, approved_on=today - dt.timedelta(days=rng.randint(30, 200)),
            budget_kzt=_amount(rng, 3e9, 2.5e10)))
    for project in projects:
        balance = services.totals().unallocated
        amount = min(project.budget_kzt, (balance * Decimal("0.15")).quantize(Decimal("1")))
        if amount <= 0:
            continue
        allocation = _allocate(project.pk, amount, maker, checker, on=today - dt.timedelta(days=20))
        services.disburse(allocation.pk, (amount * Decimal("0.4")).quantize(Decimal("1")), milestone=FIRST_PAYMENT,
                          paid_on=today - dt.timedelta(days=5), officer=maker)
    assets = Asset.objects.count()
    return (f"recovery: 41 cases, {assets} assets, {Project.objects.count()} projects; "
            f"the Kyzyltobe school (project {school.pk}) is funded from case CC-DEMO-SPK-AKTAU")
