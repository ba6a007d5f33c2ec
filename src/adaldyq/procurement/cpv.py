"""CPV 2008 divisions (the first two digits of a CPV code), named in kk, ru and en.

A reference table like `core.regions`: the code is what data and URLs carry, the
name is read in the reader's language. The names are short labels for filters and
tables, not the official CPV wording.
"""

from __future__ import annotations

from adaldyq.core.formatting import language

# code: (kk, ru, en)
DIVISIONS: dict[str, tuple[str, str, str]] = {
    "03": ("Ауыл, балық және орман шаруашылығы өнімдері", "Продукция сельского, рыбного и лесного хозяйства",
           "Agricultural, farming, fishing and forestry products"),
    "09": ("Мұнай өнімдері, отын, электр энергиясы", "Нефтепродукты, топливо, электроэнергия",
           "Petroleum products, fuel, electricity"),
    "14": ("Тау-кен өнімдері және негізгі металдар", "Продукция горнодобычи и основные металлы",
           "Mining and basic metals"),
    "15": ("Азық-түлік, сусындар және темекі", "Продукты питания, напитки и табак", "Food, beverages and tobacco"),
    "16": ("Ауыл шаруашылығы техникасы", "Сельскохозяйственная техника", "Agricultural machinery"),
    "18": ("Киім және аяқ киім", "Одежда и обувь", "Clothing and footwear"),
    "19": ("Былғары, тоқыма, пластик және резеңке", "Кожа, текстиль, пластмассы и резина",
           "Leather, textiles, plastic and rubber"),
    "22": ("Баспа өнімдері", "Печатная продукция", "Printed matter"),
    "24": ("Химия өнімдері", "Химическая продукция", "Chemical products"),
    "30": ("Кеңсе және есептеу техникасы", "Офисная и вычислительная техника", "Office and computing machinery"),
    "31": ("Электр жабдықтары", "Электрооборудование", "Electrical machinery"),
    "32": ("Радио, теледидар және байланыс жабдықтары", "Радио-, теле- и телекоммуникационное оборудование",
           "Radio, television and communication equipment"),
    "33": ("Медициналық жабдықтар және дәрі-дәрмек", "Медицинское оборудование и лекарства",
           "Medical equipment and pharmaceuticals"),
    "34": ("Көлік құралдары", "Транспортное оборудование", "Transport equipment"),
    "35": ("Қауіпсіздік, өрт сөндіру, полиция және қорғаныс жабдықтары",
           "Оборудование для безопасности, пожаротушения, полиции и обороны",
           "Security, fire-fighting, police and defence equipment"),
    "37": ("Музыкалық аспаптар, спорт тауарлары, ойындар мен ойыншықтар",
           "Музыкальные инструменты, спортивные товары, игры и игрушки",
           "Musical instruments, sport goods, games and toys"),
    "38": ("Зертханалық және дәлдік жабдықтары", "Лабораторное и точное оборудование",
           "Laboratory and precision equipment"),
    "39": ("Жиһаз, жабдықтау және тазалау құралдары", "Мебель, обстановка и чистящие средства",
           "Furniture, furnishings and cleaning products"),
    "41": ("Жиналған және тазартылған су", "Собранная и очищенная вода", "Collected and purified water"),
    "42": ("Өнеркәсіп жабдықтары", "Промышленное оборудование", "Industrial machinery"),
    "43": ("Тау-кен және құрылыс техникасы", "Горнодобывающая и строительная техника",
           "Mining and construction machinery"),
    "44": ("Құрылыс конструкциялары мен материалдары", "Строительные конструкции и материалы",
           "Construction structures and materials"),
    "45": ("Құрылыс жұмыстары", "Строительные работы", "Construction work"),
    "48": ("Бағдарламалық жасақтама және ақпараттық жүйелер", "Программное обеспечение и информационные системы",
           "Software and information systems"),
    "50": ("Жөндеу және техникалық қызмет көрсету", "Ремонт и техническое обслуживание",
           "Repair and maintenance services"),
    "51": ("Монтаждау қызметтері", "Монтажные услуги", "Installation services"),
    "55": ("Қонақ үй, мейрамхана және бөлшек сауда қызметтері", "Гостиничные, ресторанные и розничные услуги",
           "Hotel, restaurant and retail services"),
    "60": ("Көлік қызметтері", "Транспортные услуги", "Transport services"),
    "63": ("Қосалқы көлік қызметтері", "Вспомогательные транспортные услуги", "Auxiliary transport services"),
    "64": ("Пошта және телекоммуникация қызметтері", "Почтовые и телекоммуникационные услуги",
           "Postal and telecommunications services"),
    "65": ("Коммуналдық қызметтер", "Коммунальные услуги", "Public utilities"),
    "66": ("Қаржы және сақтандыру қызметтері", "Финансовые и страховые услуги", "Financial and insurance services"),
    "70": ("Жылжымайтын мүлік қызметтері", "Услуги в сфере недвижимости", "Real estate services"),
    "71": ("Сәулет және инженерлік қызметтер", "Архитектурные и инженерные услуги",
           "Architectural and engineering services"),
    "72": ("АТ қызметтері", "ИТ-услуги", "IT services"),
    "73": ("Ғылыми зерттеулер мен әзірлемелер", "Научные исследования и разработки", "Research and development"),
    "75": ("Мемлекеттік басқару, қорғаныс және әлеуметтік қамсыздандыру",
           "Государственное управление, оборона и социальное обеспечение",
           "Administration, defence and social security"),
    "76": ("Мұнай-газ саласының қызметтері", "Услуги для нефтегазовой отрасли", "Oil and gas industry services"),
    "77": ("Ауыл және орман шаруашылығы қызметтері", "Услуги в сельском и лесном хозяйстве",
           "Agricultural and forestry services"),
    "79": ("Іскерлік қызметтер", "Деловые услуги", "Business services"),
    "80": ("Білім беру және оқыту", "Образование и обучение", "Education and training"),
    "85": ("Денсаулық сақтау және әлеуметтік жұмыс", "Здравоохранение и социальная работа",
           "Health and social work"),
    "90": ("Кәріз, қалдықтар, тазалау және экология қызметтері",
           "Канализация, отходы, уборка и экологические услуги",
           "Sewage, refuse, cleaning and environmental services"),
    "92": ("Демалыс, мәдениет және спорт қызметтері", "Услуги в сфере отдыха, культуры и спорта",
           "Recreational, cultural and sporting services"),
    "98": ("Өзге де коммуналдық және жеке қызметтер", "Прочие коммунальные и персональные услуги",
           "Other community and personal services"),
}
_INDEX = {"kk": 0, "ru": 1, "en": 2}


def sector_label(code: str, lang: str | None = None) -> str:
    """The division's name in `lang` (default: the active language); the code if unknown."""
    names = DIVISIONS.get(code)
    return code if names is None else names[_INDEX[language(lang)]]
