"""Overlap detection over a generated national IT portfolio (decision 0024).

    .venv/bin/python bench/portfolio_overlap.py --entries 20000 --sample 2000

No database: it measures the scoring itself (``cadre.portfolio.scoring``), which the
overlaps job runs over the entries it reads.

Generated entries: a body each (400 bodies), one to three capabilities of the taxonomy,
and a description in Russian, Kazakh, Vietnamese or English built from phrases of what it
does (per capability), the sector it serves, the objects it keeps and its technology — so
that two entries of one capability in one language are alike only when they also share
the sector and objects. 6% are planted near-duplicates of another body's entry: the same
system re-described in the same language (words dropped, objects reordered) or in another
language (the same phrases translated, the same technology).

Measured:
1. all pairs of the whole portfolio: TF-IDF, MinHash-LSH candidates, exact scores;
2. on a sample: the exact score of every pair (brute force over the same TF-IDF vectors)
   beside the LSH path on the same sample, the recall of the candidate step at the same
   threshold, and the time ratio;
3. one new entry checked against the whole portfolio (index built once, as the service
   keeps it), p50/p95.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from cadre.portfolio.scoring import LSH_BANDS, LSH_ROWS, Entry, Index

LANGS = ("ru", "kk", "vi", "en")
CAPS: dict[str, dict[str, list[str]]] = {
    "document_flow": {
        "ru": [
            "электронный документооборот",
            "регистрация входящих и исходящих документов",
            "согласование и подписание ЭЦП",
            "контроль исполнения поручений",
        ],
        "kk": [
            "электрондық құжат айналымы",
            "кіріс және шығыс құжаттарды тіркеу",
            "ЭЦҚ арқылы келісу және қол қою",
            "тапсырмалардың орындалуын бақылау",
        ],
        "vi": [
            "quản lý văn bản điện tử",
            "đăng ký văn bản đến và đi",
            "phê duyệt và ký số",
            "theo dõi thực hiện nhiệm vụ",
        ],
        "en": [
            "electronic document management",
            "registration of incoming and outgoing letters",
            "approval and digital signature",
            "tracking of assignments",
        ],
    },
    "crm": {
        "ru": [
            "CRM обращений граждан",
            "учет заявок и жалоб",
            "история взаимодействия",
            "маршрутизация обращений операторам",
        ],
        "kk": [
            "азаматтардың өтініштері CRM",
            "өтінімдер мен шағымдарды есепке алу",
            "өзара іс-қимыл тарихы",
            "өтініштерді операторларға бағыттау",
        ],
        "vi": [
            "CRM phản ánh kiến nghị của người dân",
            "quản lý yêu cầu và khiếu nại",
            "lịch sử tương tác",
            "phân luồng yêu cầu cho cán bộ",
        ],
        "en": [
            "citizen request CRM",
            "tracking of requests and complaints",
            "interaction history",
            "routing of requests to operators",
        ],
    },
    "data_platform": {
        "ru": ["платформа данных", "хранилище данных", "интеграция источников", "озеро данных"],
        "kk": [
            "деректер платформасы",
            "деректер қоймасы",
            "көздерді интеграциялау",
            "деректер көлі",
        ],
        "vi": ["nền tảng dữ liệu", "kho dữ liệu", "tích hợp nguồn", "hồ dữ liệu"],
        "en": ["data platform", "data warehouse", "source integration", "data lake"],
    },
    "mobile_app": {
        "ru": ["мобильное приложение", "push-уведомления", "вход по биометрии"],
        "kk": ["мобильді қосымша", "push-хабарламалар", "биометрия арқылы кіру"],
        "vi": ["ứng dụng di động", "thông báo đẩy", "đăng nhập sinh trắc học"],
        "en": ["mobile application", "push notifications", "biometric sign-in"],
    },
    "payments": {
        "ru": ["прием платежей", "оплата госпошлин", "сверка с казначейством"],
        "kk": ["төлемдерді қабылдау", "мемлекеттік баж төлеу", "қазынашылықпен салыстыру"],
        "vi": ["thanh toán trực tuyến", "nộp lệ phí", "đối soát với kho bạc"],
        "en": ["payment collection", "state fee payments", "treasury reconciliation"],
    },
    "gis": {
        "ru": ["геоинформационная система", "карта объектов", "кадастровые слои"],
        "kk": ["геоақпараттық жүйе", "объектілер картасы", "кадастрлық қабаттар"],
        "vi": ["hệ thống thông tin địa lý", "bản đồ đối tượng", "lớp địa chính"],
        "en": ["geographic information system", "map of assets", "cadastral layers"],
    },
    "hr": {
        "ru": ["учет кадров", "штатное расписание", "табель учета времени"],
        "kk": ["кадрларды есепке алу", "штат кестесі", "жұмыс уақытын есепке алу табелі"],
        "vi": ["quản lý nhân sự", "biên chế", "chấm công"],
        "en": ["personnel records", "staffing table", "time sheets"],
    },
    "analytics": {
        "ru": ["аналитическая отчетность", "дашборды руководителя", "показатели эффективности"],
        "kk": ["талдамалық есептілік", "басшының дашбордтары", "тиімділік көрсеткіштері"],
        "vi": ["báo cáo phân tích", "bảng điều khiển lãnh đạo", "chỉ số hiệu quả"],
        "en": ["analytical reporting", "executive dashboards", "performance indicators"],
    },
}
SECTORS = {
    "ru": ["здравоохранения", "образования", "земельных отношений", "транспорта", "налогов",
           "социальной защиты", "сельского хозяйства", "экологии", "строительства", "туризма",
           "культуры", "спорта", "энергетики", "водных ресурсов", "миграции", "торговли"],
    "kk": ["денсаулық сақтау", "білім беру", "жер қатынастары", "көлік", "салық",
           "әлеуметтік қорғау", "ауыл шаруашылығы", "экология", "құрылыс", "туризм",
           "мәдениет", "спорт", "энергетика", "су ресурстары", "көші-қон", "сауда"],
    "vi": ["y tế", "giáo dục", "đất đai", "giao thông", "thuế",
           "bảo trợ xã hội", "nông nghiệp", "môi trường", "xây dựng", "du lịch",
           "văn hóa", "thể thao", "năng lượng", "tài nguyên nước", "di cư", "thương mại"],
    "en": ["healthcare", "education", "land relations", "transport", "taxes",
           "social protection", "agriculture", "ecology", "construction", "tourism",
           "culture", "sport", "energy", "water resources", "migration", "trade"],
}  # fmt: skip
OBJECTS = {
    "ru": ["лицензии", "разрешения", "субсидии", "пациенты", "ученики", "участки", "маршруты",
           "декларации", "пособия", "хозяйства", "выбросы", "объекты", "туроператоры",
           "учреждения", "спортсмены", "станции", "скважины", "мигранты", "рынки", "договоры"],
    "kk": ["лицензиялар", "рұқсаттар", "субсидиялар", "пациенттер", "оқушылар", "учаскелер",
           "бағыттар", "декларациялар", "жәрдемақылар", "шаруашылықтар", "шығарындылар",
           "нысандар", "туроператорлар", "мекемелер", "спортшылар", "станциялар",
           "ұңғымалар", "мигранттар", "нарықтар", "шарттар"],
    "vi": ["giấy phép", "cấp phép", "trợ cấp", "bệnh nhân", "học sinh", "thửa đất", "tuyến đường",
           "tờ khai", "phúc lợi", "nông hộ", "phát thải", "công trình", "công ty lữ hành",
           "cơ sở", "vận động viên", "trạm", "giếng", "người di cư", "chợ", "hợp đồng"],
    "en": ["licences", "permits", "subsidies", "patients", "pupils", "land plots", "routes",
           "declarations", "benefits", "farms", "emissions", "facilities", "tour operators",
           "institutions", "athletes", "stations", "wells", "migrants", "markets", "contracts"],
}  # fmt: skip
TECH = ["PostgreSQL", "Oracle", "1С:Предприятие", "Java Spring", "Python Django", ".NET",
        "Kubernetes", "ClickHouse", "Kafka", "React", "Flutter", "ArcGIS", "QGIS", "SAP",
        "Bitrix24", "Camunda", "Elasticsearch", "Redis", "Angular", "Go"]  # fmt: skip
JOIN = {"ru": " для ", "kk": " үшін ", "vi": " cho ", "en": " for "}


SYLLABLES = [
    "qol",
    "dau",
    "ta",
    "za",
    "lyk",
    "e",
    "ot",
    "ish",
    "bi",
    "lim",
    "sa",
    "ly",
    "ar",
    "na",
    "mu",
    "rat",
    "ken",
    "tu",
    "da",
    "vi",
    "ro",
    "ste",
    "gos",
]
BODY = {"ru": "ведомство", "kk": "ведомство", "vi": "cơ quan", "en": "body"}


def _brand(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _describe(rng: random.Random, lang: str, recipe: dict) -> str:
    phrases = [recipe["brand"], *(CAPS[c][lang][k] for c, k in recipe["phrases"])]
    sector = SECTORS[lang][recipe["sector"]]
    objects = ", ".join(OBJECTS[lang][o] for o in recipe["objects"])
    tech = ", ".join(TECH[t] for t in recipe["tech"])
    body = f"{BODY[lang]} {recipe['body_code']}"
    return f"{'; '.join(phrases)}{JOIN[lang]}{sector}, {body}: {objects}. {tech}"


def generate(n: int, seed: int = 11) -> list[Entry]:
    rng = random.Random(seed)
    caps = list(CAPS)
    entries: list[Entry] = []
    recipes: list[dict] = []
    for i in range(n):
        if i > 50 and rng.random() < 0.06:  # a near-duplicate of an earlier entry
            src = rng.randrange(len(recipes))
            recipe = dict(recipes[src])
            same_language = rng.random() < 0.6
            lang = recipe["lang"] if same_language else rng.choice(LANGS)
            objects = list(recipe["objects"])
            rng.shuffle(objects)
            phrases = list(recipe["phrases"])
            if same_language and len(phrases) > 1:
                phrases.pop(rng.randrange(len(phrases)))
            recipe = {**recipe, "lang": lang, "objects": objects, "phrases": phrases}
            body = (entries[src].body + 1 + rng.randrange(399)) % 400
            recipe["body_code"] = f"B{body:03}-{rng.randrange(100)}"
        else:
            chosen = rng.sample(caps, rng.choice((2, 3, 3, 4)))
            primary = chosen[0]  # the description says what it mainly does
            phrases = [(primary, rng.randrange(len(CAPS[primary]["en"])))]
            recipe = {
                "lang": rng.choice(LANGS),
                "caps": chosen,
                "phrases": phrases,
                "sector": rng.randrange(len(SECTORS["en"])),
                "objects": rng.sample(range(len(OBJECTS["en"])), 4),
                "tech": rng.sample(range(len(TECH)), 2),
            }
            body = rng.randrange(400)
            recipe["brand"] = _brand(rng)
            recipe["body_code"] = f"B{body:03}-{rng.randrange(100)}"
        recipes.append(recipe)
        text = _describe(rng, recipe["lang"], recipe)
        entries.append(Entry(i + 1, body, frozenset(recipe["caps"]), text))
    return entries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--threshold", type=float, default=0.55)
    parser.add_argument("--checks", type=int, default=50)
    parser.add_argument("--bands", type=int, default=LSH_BANDS)
    parser.add_argument("--rows", type=int, default=LSH_ROWS)
    parser.add_argument("--skip-full", action="store_true", help="only the sample")
    args = parser.parse_args()
    entries = generate(args.entries)
    print(f"{len(entries):,} entries; e.g. {entries[0].text!r}")

    bands, rows = args.bands, args.rows
    print(f"LSH: {bands} bands × {rows} rows; threshold {args.threshold}")
    start = time.perf_counter()
    index = Index(entries)
    built = time.perf_counter() - start
    if not args.skip_full:
        pairs = index.all_pairs(args.threshold, bands=bands, rows=rows)
        full = time.perf_counter() - start
        print(
            f"all pairs, {len(entries):,} entries: {full:.1f} s (index {built:.1f} s); "
            f"{len(pairs):,} pairs ≥ {args.threshold}"
        )

    sample = entries[: args.sample]
    start = time.perf_counter()
    small = Index(sample)
    truth = {(p.a, p.b) for p in small.brute_force(args.threshold)}
    brute = time.perf_counter() - start
    start = time.perf_counter()
    small = Index(sample)
    found = {(p.a, p.b) for p in small.all_pairs(args.threshold, bands=bands, rows=rows)}
    lsh = time.perf_counter() - start
    recall = len(found & truth) / len(truth) if truth else 1.0
    print(
        f"sample of {len(sample):,}: brute force {brute:.2f} s, {len(truth):,} pairs; "
        f"LSH {lsh:.2f} s, {len(found):,} pairs; recall {recall:.3f}; "
        f"time LSH / brute force {lsh / brute:.2f}"
    )

    rng = random.Random(5)
    times = []
    for k in range(args.checks):
        base = rng.choice(entries)
        new = Entry(-(k + 1), -1, base.capabilities, base.text + " v2")
        start = time.perf_counter()
        index.query(new, args.threshold)
        times.append(time.perf_counter() - start)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"one new entry against {len(entries):,}: p50 {statistics.median(times) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms (index built once: {built:.1f} s)"
    )


if __name__ == "__main__":
    main()
