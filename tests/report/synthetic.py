"""A synthetic but realistic dossier for the report, export and serve tests.

A made-up story (a dam, its capacity, its cost, its opening year) told by four invented
outlets in English, Arabic and Persian, with every section of the dossier filled: stories,
entities with cross-script mentions, claims with hedges and quantities, discrepancies of four
kinds, a timeline and provenance. The text is written here for the tests (no third-party
text). It is written into a real `Store` through the same tables the pipeline fills, and the
dossier is built from that store with `build_dossier`, so exports and the web app see exactly
what `rashomon build` would give them.

`hostile=True` adds an article whose text, title, outlet, source and entity names carry
markup, entities, a `javascript:` URL and bidirectional control characters.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from rashomon.record import (
    Article,
    DateRef,
    Mention,
    Paragraph,
    Quantity,
    Removed,
    Sentence,
    Statement,
    content_id,
)
from rashomon.store.sqlite import Store

EN = (
    "Energy minister Karim Haddad said on Sunday that the Al-Noor dam will produce 500 megawatts "
    "when it opens in 2027.\n"
    "The project, financed by the Gulf Development Fund, reportedly cost 2 billion dollars.\n"
    "Haddad spoke in Basra after meeting engineers from Siemens."
)
AR1 = (
    "قال وزير الطاقة كريم حداد يوم الأحد إن سد النور سينتج 800 ميغاواط عند افتتاحه في عام 2027، "
    "بحسب وكالة نورثويند نيوز.\n"
    "وبلغت تكلفة المشروع الذي يموله صندوق الخليج للتنمية 2 مليار دولار.\n"
    "وتحدث حداد في البصرة بعد لقائه مهندسين من شركة Siemens."
)
FA = (
    "کریم حداد، وزیر انرژی، روز یکشنبه گفت سد النور هنگام افتتاح در سال ۲۰۲۷ ظرفیت ۸۰۰ مگاوات "
    "خواهد داشت.\n"
    "به گزارش الوطن الیوم، هزینه این پروژه ۲ میلیارد دلار است.\n"
    "حداد در بصره با مهندسان شرکت Siemens دیدار کرد."
)
AR2 = (
    "نفى المتحدث باسم وزارة الطاقة أحمد سالم أن يكون سد النور سيفتتح في عام 2027، وقال إن الموعد "
    "هو 2029.\n"
    "وأضاف سالم أن الوزير كريم حداد لم يتحدث عن قدرة السد."
)
HOSTILE = (
    '<script>window.__pwned = 1</script> &amp; &lt;b&gt; <img src=x onerror="window.__pwned=2">\n'
    "Click javascript:alert(1) now \u202eevil\u202c and </script><script>window.__pwned=3</script> "
    "said Karim Haddad."
)

ARTICLES: list[dict[str, Any]] = [
    {
        "key": "en",
        "text": EN,
        "language": "en",
        "outlet": "Northwind News",
        "title": "Haddad says Al-Noor dam will open in 2027",
        "published": date(2025, 3, 2),
        "source": "https://northwind.example/2025/03/02/al-noor-dam",
        "removed": ["Subscribe to our newsletter", "Share on social media"],
    },
    {
        "key": "ar1",
        "text": AR1,
        "language": "ar",
        "outlet": "الوطن اليوم",
        "title": "حداد: سد النور يفتتح عام 2027",
        "published": date(2025, 3, 3),
        "source": "inputs/alwatan-dam.html",
        "removed": ["اشترك في النشرة البريدية"],
    },
    {
        "key": "fa",
        "text": FA,
        "language": "fa",
        "outlet": "خبرگزاری پارس‌نما",
        "title": "سد النور در سال ۲۰۲۷ افتتاح می‌شود",
        "published": date(2025, 3, 4),
        "source": "inputs/parsnama-dam.txt",
        "removed": ["ما را در تلگرام دنبال کنید"],
    },
    {
        "key": "ar2",
        "text": AR2,
        "language": "ar",
        "outlet": "صحيفة الرافدين",
        "title": "الطاقة تنفي موعد افتتاح سد النور",
        "published": date(2025, 3, 5),
        "source": "inputs/rafidain-denial.txt",
        "removed": [],
    },
]

HOSTILE_ARTICLE = {
    "key": "x",
    "text": HOSTILE,
    "language": "en",
    "outlet": "<b>Evil</b> & \u202eSons",
    "title": "</script><script>window.__pwned=4</script>",
    "published": date(2025, 3, 6),
    "source": "javascript:alert(1)",
    "removed": ['<img src=x onerror="window.__pwned=5">'],
}

# Entities: (id, canonical name, type, latin, surface forms looked up in every text).
ENTITIES = [
    ("e-haddad", "كريم حداد", "person", "Karim Haddad", ["Karim Haddad", "كريم حداد", "کریم حداد"]),
    ("e-dam", "سد النور", "place", "Al-Noor dam", ["Al-Noor dam", "سد النور"]),
    (
        "e-fund",
        "صندوق الخليج للتنمية",
        "organisation",
        "Gulf Development Fund",
        ["Gulf Development Fund", "صندوق الخليج للتنمية"],
    ),
    ("e-basra", "البصرة", "place", "Basra", ["Basra", "البصرة", "بصره"]),
    ("e-siemens", "Siemens", "organisation", "Siemens", ["Siemens"]),
    ("e-northwind", "Northwind News", "outlet", "Northwind News", ["نورثويند نيوز"]),
    ("e-salem", "أحمد سالم", "person", "Ahmed Salem", ["أحمد سالم"]),
]

# Statements: (claim, article key, exact text, polarity, hedges, quantities, dates)
STATEMENTS = [
    (
        "c-capacity",
        "en",
        "the Al-Noor dam will produce 500 megawatts when it opens in 2027",
        "positive",
        [],
        [(500, "500 megawatts", "MW")],
        [("2027", "2027", "year")],
    ),
    (
        "c-capacity",
        "ar1",
        "سد النور سينتج 800 ميغاواط عند افتتاحه في عام 2027",
        "positive",
        [],
        [(800, "800 ميغاواط", "MW")],
        [("2027", "2027", "year")],
    ),
    (
        "c-capacity",
        "fa",
        "سد النور هنگام افتتاح در سال ۲۰۲۷ ظرفیت ۸۰۰ مگاوات خواهد داشت",
        "positive",
        [],
        [(800, "۸۰۰ مگاوات", "MW")],
        [("2027", "۲۰۲۷", "year")],
    ),
    (
        "c-capacity",
        "ar2",
        "أن يكون سد النور سيفتتح في عام 2027",
        "negative",
        [],
        [],
        [("2027", "2027", "year")],
    ),
    (
        "c-cost",
        "en",
        "The project, financed by the Gulf Development Fund, reportedly cost 2 billion dollars.",
        "positive",
        ["reportedly"],
        [(2e9, "2 billion dollars", "USD")],
        [],
    ),
    (
        "c-cost",
        "ar1",
        "وبلغت تكلفة المشروع الذي يموله صندوق الخليج للتنمية 2 مليار دولار.",
        "positive",
        [],
        [(2e9, "2 مليار دولار", "USD")],
        [],
    ),
    (
        "c-cost",
        "fa",
        "هزینه این پروژه ۲ میلیارد دلار است.",
        "positive",
        [],
        [(2e9, "۲ میلیارد دلار", "USD")],
        [],
    ),
    (
        "c-visit",
        "en",
        "Haddad spoke in Basra after meeting engineers from Siemens.",
        "positive",
        [],
        [],
        [],
    ),
    (
        "c-visit",
        "ar1",
        "وتحدث حداد في البصرة بعد لقائه مهندسين من شركة Siemens.",
        "positive",
        [],
        [],
        [],
    ),
    ("c-visit", "fa", "حداد در بصره با مهندسان شرکت Siemens دیدار کرد.", "positive", [], [], []),
    ("c-opening", "ar2", "وقال إن الموعد هو 2029", "positive", [], [], [("2029", "2029", "year")]),
]
CLAIM_LABELS = {
    "c-capacity": "Al-Noor dam capacity and opening year",
    "c-cost": "The project's cost",
    "c-visit": "Haddad met Siemens engineers in Basra",
    "c-opening": "The opening date is 2029",
}
# Discrepancies: (id, kind, claim, [(article key, statement text)], explanation, confidence)
DISCREPANCIES = [
    (
        "d-mw",
        "numeric_mismatch",
        "c-capacity",
        [("en", STATEMENTS[0][2]), ("ar1", STATEMENTS[1][2])],
        "Northwind News gives 500 MW; Al-Watan Al-Youm gives 800 MW (and the Persian copy follows it).",
        0.9,
    ),
    (
        "d-deny",
        "contradiction",
        "c-capacity",
        [("en", STATEMENTS[0][2]), ("ar2", STATEMENTS[3][2])],
        "Al-Rafidain reports the ministry spokesman denying the 2027 opening that the others report.",
        0.8,
    ),
    (
        "d-hedge",
        "qualifier_dropped",
        "c-cost",
        [("en", STATEMENTS[4][2]), ("ar1", STATEMENTS[5][2])],
        "The English article hedges the cost ('reportedly'); the Arabic article states it as fact.",
        0.7,
    ),
    (
        "d-date",
        "date_mismatch",
        "c-opening",
        [("en", STATEMENTS[0][2]), ("ar2", STATEMENTS[10][2])],
        "Opening year 2027 in Northwind News, 2029 in Al-Rafidain.",
        0.6,
    ),
]


def _find(text: str, needle: str, what: str) -> int:
    i = text.find(needle)
    if i < 0:
        raise AssertionError(f"synthetic fixture: {what} {needle!r} not in text")
    return i


def _make_article(spec: dict[str, Any]) -> Article:
    text = spec["text"]
    raw = "\n".join([*spec["removed"], text])
    a = Article(
        id=content_id(raw),
        source=spec["source"],
        raw=raw,
        text=text,
        language=spec["language"],
        outlet=spec["outlet"],
        title=spec["title"],
        published=spec["published"],
    )
    a.removed = [
        Removed(text=r, reason="boilerplate", line=i) for i, r in enumerate(spec["removed"])
    ]
    pos = 0
    for line in text.split("\n"):
        a.paragraphs.append(Paragraph(start=pos, end=pos + len(line), language=spec["language"]))
        a.sentences.append(
            Sentence(start=pos, end=pos + len(line), paragraph=len(a.paragraphs) - 1)
        )
        pos += len(line) + 1
    for eid, _name, etype, _latin, forms in ENTITIES:
        for form in forms:
            start = text.find(form)
            while start >= 0:
                a.mentions.append(
                    Mention(
                        start=start,
                        end=start + len(form),
                        text=form,
                        type=etype,
                        key=form.casefold(),
                        entity=eid,
                    )
                )
                start = text.find(form, start + 1)
    a.mentions.sort(key=lambda m: m.start)
    return a


def _statements(a: Article, key: str) -> list[tuple[str, Statement]]:
    out = []
    for i, (claim, akey, stext, pol, hedges, quants, dates) in enumerate(STATEMENTS):
        if akey != key:
            continue
        s = _find(a.text, stext, "statement")
        qs = []
        for value, qtext, unit in quants:
            q = _find(a.text, qtext, "quantity")
            qs.append(Quantity(value=value, text=qtext, start=q, end=q + len(qtext), unit=unit))
        ds = []
        for value, dtext, prec in dates:
            d = _find(a.text, dtext, "date")
            ds.append(DateRef(value=value, text=dtext, start=d, end=d + len(dtext), precision=prec))
        out.append(
            (
                claim,
                Statement(
                    id=f"s{i:02d}-{key}",
                    start=s,
                    end=s + len(stext),
                    text=stext,
                    attribution=["Karim Haddad"]
                    if claim == "c-capacity" and pol == "positive"
                    else [],
                    polarity=pol,
                    hedged=bool(hedges),
                    hedges=hedges,
                    quantities=qs,
                    dates=ds,
                ),
            )
        )
    return out


def build_store(path: Path, *, hostile: bool = False) -> dict[str, str]:
    """Write the synthetic dossier into a new store at `path`; returns article ids by key."""
    specs = ARTICLES + ([HOSTILE_ARTICLE] if hostile else [])
    ids: dict[str, str] = {}
    claim_of: dict[str, str] = {}
    spans: dict[tuple[str, str], dict[str, Any]] = {}
    with Store(path, write=True) as store:
        run = store.begin_run("synthetic", {})
        for spec in specs:
            a = _make_article(spec)
            for claim, st in _statements(a, spec["key"]):
                a.statements.append(st)
                claim_of[st.id] = claim
                spans[(spec["key"], st.text)] = {
                    "id": st.id,
                    "article": a.id,
                    "start": st.start,
                    "end": st.end,
                    "text": st.text,
                }
            ids[spec["key"]] = a.id
            store.upsert_article(a, run)
        c = store.conn
        with store.atomic():
            c.execute(
                "INSERT INTO stories(id, label, extras) VALUES (?,?,?)",
                ("story-1", "Al-Noor dam opening", json.dumps({"languages": ["ar", "en", "fa"]})),
            )
            for key, aid in ids.items():
                if key != "x":
                    c.execute(
                        "INSERT INTO story_articles(article, story) VALUES (?,?)", (aid, "story-1")
                    )
            for eid, name, etype, latin, _forms in ENTITIES:
                c.execute(
                    "INSERT INTO entities(id, name, type, latin) VALUES (?,?,?,?)",
                    (eid, name, etype, latin),
                )
            if hostile:
                c.execute(
                    "INSERT INTO entities(id, name, type, latin) VALUES (?,?,?,?)",
                    ("e-x", "<script>window.__pwned=6</script>", "other", "\u202eevil"),
                )
                c.execute(
                    "UPDATE mentions SET entity = 'e-x' WHERE article = ? AND seq = 0", (ids["x"],)
                )
            c.execute(
                "INSERT INTO entity_relations(a, b, kind, weight) VALUES (?,?,?,?)",
                ("e-haddad", "e-dam", "announced", 1.0),
            )
            for label_id, label in CLAIM_LABELS.items():
                c.execute("INSERT INTO claims(id, label) VALUES (?,?)", (label_id, label))
            for sid, claim in claim_of.items():
                c.execute(
                    "INSERT INTO claim_statements(statement, claim) VALUES (?,?)", (sid, claim)
                )
            for did, kind, claim, members, explanation, conf in DISCREPANCIES:
                c.execute(
                    "INSERT INTO discrepancies(id, kind, claim, statements, explanation, confidence) "
                    "VALUES (?,?,?,?,?,?)",
                    (
                        did,
                        kind,
                        claim,
                        json.dumps([spans[m] for m in members], ensure_ascii=False),
                        explanation,
                        conf,
                    ),
                )
            for seq, (d, prec, label, claims) in enumerate(
                [
                    ("2025-03-02", "day", "Haddad announces the dam's opening", ["c-capacity"]),
                    (
                        "2025-03-05",
                        "day",
                        "The ministry spokesman denies the 2027 date",
                        ["c-opening"],
                    ),
                    ("2027", "year", "Planned opening of the Al-Noor dam", ["c-capacity"]),
                    ("2029", "year", "Opening according to the spokesman", ["c-opening"]),
                ]
            ):
                c.execute(
                    "INSERT INTO timeline(seq, date, precision, label, claims) VALUES (?,?,?,?,?)",
                    (seq, d, prec, label, json.dumps(claims)),
                )
            for key, name, needle in [
                ("ar1", "Northwind News", "نورثويند نيوز"),
                ("fa", "الوطن الیوم", "الوطن الیوم"),
            ]:
                text = next(s["text"] for s in specs if s["key"] == key)
                i = _find(text, needle, "cited source")
                c.execute(
                    'INSERT INTO cited_sources(article, seq, name, start, "end", text) VALUES (?,?,?,?,?,?)',
                    (ids[key], 0, name, i, i + len(needle), needle),
                )
            c.execute(
                "INSERT INTO reuse(a, b, kind, score) VALUES (?,?,?,?)",
                (ids["ar1"], ids["fa"], "translation", 0.71),
            )
            c.execute(
                "INSERT INTO reuse(a, b, kind, score) VALUES (?,?,?,?)",
                (ids["en"], ids["ar1"], "translation", 0.64),
            )
        store.set_meta(
            "provenance.original",
            {"article": ids["en"], "reason": "earliest publication; cited by a later article"},
        )
        store.finish_run(run, "ok")
    return ids


def synthetic_dossier(tmp: Path, *, hostile: bool = False) -> tuple[dict[str, Any], dict[str, str]]:
    """Build the store under `tmp` and return (dossier, article ids by key)."""
    from rashomon.dossier import build_dossier

    ids = build_store(tmp / "dossier.sqlite", hostile=hostile)
    with Store(tmp / "dossier.sqlite") as store:
        return build_dossier(store), ids
