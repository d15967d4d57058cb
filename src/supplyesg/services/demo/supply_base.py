"""The vocabulary of the demo supply base: what a truck maker buys, from where, from whom.

Categories say which sub-supplier categories feed them, so the generated map is plausible
(tyre makers buy rubber and carbon black, harness makers buy copper wire and connectors).
Company names are assembled from the parts below; every company, person, e-mail domain
(under .example) and phone number is fictional.
"""

from __future__ import annotations

from types import MappingProxyType

FIRST_TIER = MappingProxyType(
    {
        # category: (weight, sub-supplier categories that feed it)
        "steel": (8, ("iron ore", "ferroalloys", "coking coal", "scrap metal")),
        "castings": (8, ("pig iron", "scrap metal", "aluminium", "ferroalloys")),
        "forgings": (7, ("special bar steel",)),
        "axles": (6, ("forgings", "castings", "bearings", "special bar steel")),
        "engines and components": (
            8,
            ("castings", "forgings", "bearings", "fasteners", "electronic components"),
        ),
        "transmissions": (5, ("forgings", "castings", "bearings", "fasteners")),
        "electronics": (7, ("semiconductors", "printed circuit boards", "electronic components")),
        "wiring harnesses": (6, ("copper wire", "connectors", "polymer resins")),
        "tyres": (4, ("natural rubber", "synthetic rubber", "carbon black", "steel cord")),
        "glass": (3, ("float glass",)),
        "paint and coatings": (4, ("pigments and resins", "solvents")),
        "plastics": (6, ("polymer resins",)),
        "seats and interiors": (6, ("foam", "textiles and leather", "fasteners", "polymer resins")),
        "batteries": (5, ("battery cells", "electronic components")),
        "brakes": (4, ("castings", "friction materials")),
        "frames and stampings": (6, ("special bar steel", "fasteners")),
        "logistics": (5, ("road freight",)),
        "packaging": (3, ("corrugated board", "timber pallets")),
    }
)

SECOND_TIER = MappingProxyType(
    {
        # category: raw-material categories (tier 3) that feed it
        "special bar steel": ("iron ore", "ferroalloys", "coking coal"),
        "forgings": ("steel billets",),
        "castings": ("scrap metal", "ferroalloys"),
        "pig iron": ("iron ore", "coking coal"),
        "scrap metal": (),
        "aluminium": ("bauxite and alumina",),
        "bearings": ("steel billets",),
        "fasteners": ("wire rod",),
        "electronic components": ("silicon wafers", "rare earths"),
        "semiconductors": ("silicon wafers",),
        "printed circuit boards": ("copper foil",),
        "copper wire": ("copper cathode",),
        "connectors": ("copper cathode", "petrochemicals"),
        "polymer resins": ("petrochemicals",),
        "natural rubber": ("rubber plantations",),
        "synthetic rubber": ("petrochemicals",),
        "carbon black": ("petrochemicals",),
        "steel cord": ("wire rod",),
        "float glass": ("silica sand",),
        "pigments and resins": ("petrochemicals", "titanium dioxide"),
        "solvents": ("petrochemicals",),
        "foam": ("petrochemicals",),
        "textiles and leather": ("hides",),
        "battery cells": ("lithium", "cobalt", "graphite"),
        "friction materials": ("mineral fibres",),
        "road freight": (),
        "corrugated board": ("pulp",),
        "timber pallets": ("timber",),
        "iron ore": (),
        "ferroalloys": (),
        "coking coal": (),
    }
)

THIRD_TIER_COUNTRIES = MappingProxyType(
    {
        # raw materials come from where they are mined or grown
        "iron ore": ("AU", "BR", "CN"),
        "coking coal": ("AU", "CN"),
        "bauxite and alumina": ("AU", "GN", "CN"),
        "lithium": ("AU", "CL", "CN"),
        "cobalt": ("CD", "CN"),
        "graphite": ("CN",),
        "rare earths": ("CN",),
        "rubber plantations": ("TH", "MY", "ID"),
        "copper cathode": ("CL", "CN"),
        "mineral fibres": ("CN", "IN"),
    }
)

COUNTRY_WEIGHTS = MappingProxyType(
    {"CN": 76, "DE": 5, "JP": 5, "KR": 3, "US": 3, "IN": 3, "TH": 2, "MX": 2, "SE": 1}
)

CURRENCY = MappingProxyType(
    {
        "CN": "CNY",
        "DE": "EUR",
        "SE": "EUR",
        "JP": "JPY",
        "KR": "KRW",
        "US": "USD",
        "MX": "USD",
        "IN": "INR",
        "TH": "THB",
        "AU": "AUD",
        "BR": "BRL",
        "CL": "USD",
        "CD": "USD",
        "GN": "USD",
        "MY": "MYR",
        "ID": "IDR",
    }
)

UNITS_PER_CNY = MappingProxyType(
    {
        # rough rates, only to make foreign-currency spend look right
        "CNY": 1.0,
        "EUR": 0.13,
        "JPY": 20.5,
        "KRW": 190.0,
        "USD": 0.14,
        "INR": 11.6,
        "THB": 4.9,
        "AUD": 0.21,
        "BRL": 0.75,
        "MYR": 0.64,
        "IDR": 2200.0,
    }
)

PLACES = MappingProxyType(
    {
        "CN": (
            ("Hubei", ("Wuhan", "Shiyan", "Xiangyang", "Yichang")),
            ("Shandong", ("Jinan", "Qingdao", "Weifang", "Zibo", "Liaocheng")),
            ("Jiangsu", ("Suzhou", "Wuxi", "Changzhou", "Nanjing", "Yangzhou")),
            ("Zhejiang", ("Ningbo", "Hangzhou", "Taizhou", "Wenzhou", "Jinhua")),
            ("Guangdong", ("Guangzhou", "Shenzhen", "Foshan", "Dongguan")),
            ("Shaanxi", ("Xi'an", "Baoji")),
            ("Jilin", ("Changchun", "Jilin")),
            ("Chongqing", ("Chongqing",)),
            ("Shanghai", ("Shanghai",)),
            ("Hebei", ("Tangshan", "Shijiazhuang", "Handan", "Baoding")),
            ("Liaoning", ("Shenyang", "Dalian", "Anshan")),
            ("Anhui", ("Hefei", "Wuhu", "Bengbu")),
            ("Henan", ("Zhengzhou", "Luoyang", "Xinxiang")),
            ("Sichuan", ("Chengdu", "Mianyang")),
            ("Hunan", ("Changsha", "Zhuzhou")),
            ("Fujian", ("Xiamen", "Fuzhou", "Quanzhou")),
            ("Tianjin", ("Tianjin",)),
            ("Shanxi", ("Taiyuan", "Datong")),
            ("Guangxi", ("Liuzhou", "Nanning")),
            ("Jiangxi", ("Nanchang", "Ganzhou")),
            ("Inner Mongolia", ("Baotou", "Ordos")),
        ),
        "DE": (
            ("Bavaria", ("Munich", "Nuremberg", "Regensburg")),
            ("Baden-Württemberg", ("Stuttgart", "Friedrichshafen", "Heilbronn")),
            ("North Rhine-Westphalia", ("Dortmund", "Cologne", "Bielefeld")),
            ("Lower Saxony", ("Hanover", "Brunswick")),
        ),
        "JP": (
            ("Aichi", ("Nagoya", "Kariya", "Toyohashi")),
            ("Osaka", ("Osaka", "Sakai")),
            ("Kanagawa", ("Yokohama", "Atsugi")),
            ("Shizuoka", ("Hamamatsu",)),
        ),
        "KR": (("Ulsan", ("Ulsan",)), ("Gyeonggi", ("Suwon", "Hwaseong")), ("Busan", ("Busan",))),
        "US": (
            ("Michigan", ("Detroit", "Grand Rapids")),
            ("Ohio", ("Columbus", "Toledo")),
            ("Indiana", ("Columbus", "Fort Wayne")),
        ),
        "IN": (
            ("Maharashtra", ("Pune", "Aurangabad")),
            ("Tamil Nadu", ("Chennai", "Coimbatore")),
            ("Haryana", ("Gurugram", "Faridabad")),
        ),
        "TH": (("Rayong", ("Rayong",)), ("Chonburi", ("Si Racha", "Pattaya"))),
        "MX": (("Nuevo León", ("Monterrey",)), ("Coahuila", ("Saltillo", "Ramos Arizpe"))),
        "SE": (("Västra Götaland", ("Gothenburg",)), ("Södermanland", ("Södertälje",))),
        "AU": (("Western Australia", ("Perth", "Port Hedland")), ("Queensland", ("Mackay",))),
        "BR": (("Minas Gerais", ("Belo Horizonte", "Itabira")), ("Pará", ("Parauapebas",))),
        "CL": (("Antofagasta", ("Antofagasta", "Calama")),),
        "CD": (("Lualaba", ("Kolwezi",)), ("Haut-Katanga", ("Lubumbashi",))),
        "GN": (("Boké", ("Kamsar",)),),
        "MY": (("Johor", ("Johor Bahru",)), ("Perak", ("Ipoh",))),
        "ID": (("North Sumatra", ("Medan",)), ("Riau", ("Pekanbaru",))),
    }
)

CHINESE_SYLLABLES = (
    "Heng", "Tong", "Da", "Xin", "Hua", "Jin", "Long", "Sheng", "Tai", "Yuan", "Feng", "Rui",
    "Kai", "Hong", "Xing", "Bao", "Cheng", "Ming", "An", "De", "Fu", "Guang", "Hai", "Jia",
    "Lian", "Nan", "Qi", "Shun", "Tian", "Wei", "Yong", "Zhong", "Chang", "Li", "Run", "Jie",
)  # fmt: skip

TRADE_WORDS = MappingProxyType(
    {
        # how a company in the category calls itself: (English, German)
        "steel": ("Special Steel", "Stahlwerk"),
        "castings": ("Casting", "Gusstechnik"),
        "forgings": ("Forging", "Schmiedetechnik"),
        "axles": ("Axle", "Achsenbau"),
        "engines and components": ("Power Machinery", "Motorentechnik"),
        "transmissions": ("Gear", "Antriebstechnik"),
        "electronics": ("Automotive Electronics", "Elektronik"),
        "wiring harnesses": ("Wiring Systems", "Kabelsysteme"),
        "tyres": ("Tyre", "Reifenwerk"),
        "glass": ("Auto Glass", "Glastechnik"),
        "paint and coatings": ("Coatings", "Lackfabrik"),
        "plastics": ("Plastic Products", "Kunststofftechnik"),
        "seats and interiors": ("Auto Interior", "Sitzsysteme"),
        "batteries": ("New Energy Battery", "Batterietechnik"),
        "brakes": ("Brake Systems", "Bremsentechnik"),
        "frames and stampings": ("Stamping", "Pressenwerk"),
        "logistics": ("Logistics", "Logistik"),
        "packaging": ("Packaging", "Verpackung"),
    }
)

SURNAMES = MappingProxyType(
    {
        "CN": ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu",
               "Sun", "Hu", "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo"),
        "DE": ("Brenner", "Hofmann", "Keller", "Richter", "Vogel", "Lorenz", "Seidel", "Kraus",
               "Winkler", "Hartmann", "Neumann", "Albrecht", "Franke", "Lehmann"),
        "JP": ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Nakamura", "Kobayashi"),
        "KR": ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon"),
        "US": ("Carver", "Whitfield", "Harlan", "Prescott", "Lowell", "Brandt", "Mercer", "Sloane"),
        "IN": ("Sharma", "Iyer", "Patil", "Reddy", "Kulkarni", "Menon", "Desai", "Nair"),
        "TH": ("Srisuk", "Chaiyaporn", "Wongsa", "Rattanakul", "Boonmee"),
        "MX": ("García", "Hernández", "Treviño", "Garza", "Villarreal", "Cantú"),
        "SE": ("Lindqvist", "Berg", "Holm", "Sandberg", "Ekström"),
    }
)  # fmt: skip

GIVEN_NAMES = MappingProxyType(
    {
        "CN": ("Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Jun", "Tao", "Ming", "Hui", "Xia",
               "Qiang", "Na", "Hao", "Yu", "Ping", "Gang", "Lan", "Bo", "Ying"),
        "DE": ("Anna", "Jonas", "Katrin", "Lukas", "Sabine", "Stefan", "Julia", "Markus"),
        "JP": ("Haruto", "Yui", "Kenji", "Aiko", "Takeshi", "Naomi", "Ren", "Emi"),
        "KR": ("Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yun", "Soo-ah"),
        "US": ("Emily", "Michael", "Sarah", "David", "Rachel", "Daniel", "Megan", "Kevin"),
        "IN": ("Arjun", "Priya", "Rahul", "Ananya", "Vikram", "Kavya", "Rohan", "Meera"),
        "TH": ("Somchai", "Malee", "Anan", "Pim", "Kittisak", "Suda"),
        "MX": ("Alejandro", "Lucía", "Javier", "Mariana", "Diego", "Sofía"),
        "SE": ("Erik", "Karin", "Oskar", "Maja", "Lars", "Elin"),
    }
)  # fmt: skip

PHONE_PREFIX = MappingProxyType(
    {
        "CN": "+86", "DE": "+49", "JP": "+81", "KR": "+82", "US": "+1", "IN": "+91", "TH": "+66",
        "MX": "+52", "SE": "+46", "AU": "+61", "BR": "+55", "CL": "+56", "CD": "+243",
        "GN": "+224", "MY": "+60", "ID": "+62",
    }
)  # fmt: skip

FOREIGN_NAME_PATTERNS = MappingProxyType(
    {
        # {family}: a surname of the country; {trade}: the English trade word; {place}: a city
        "DE": "{family} {trade_de} GmbH",
        "JP": "{place} {trade} Kogyo Co., Ltd.",
        "KR": "{family} {trade} Co., Ltd.",
        "US": "{family} {trade} Inc.",
        "IN": "{family} {trade} Pvt. Ltd.",
        "TH": "{place} {trade} Co., Ltd.",
        "MX": "{trade} {family} S.A. de C.V.",
        "SE": "{family} {trade} AB",
        "AU": "{place} {trade} Pty Ltd",
        "BR": "{trade} {place} Ltda.",
        "CL": "{trade} {place} SpA",
        "CD": "{trade} du {place} SARL",
        "GN": "{trade} de {place} SA",
        "MY": "{place} {trade} Sdn. Bhd.",
        "ID": "PT {trade} {place}",
    }
)
