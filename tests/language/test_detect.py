from rashomon.language.detect import detect_language


def test_arabic_persian_english():
    assert (
        detect_language("ذكرت صحيفة واشنطن بوست أن الرئيس طلب المساعدة من روسيا والصين")[0] == "ar"
    )
    assert (
        detect_language("به گزارش روزنامه، رئیس جمهوری از روسیه و چین درخواست کمک کرده است")[0]
        == "fa"
    )
    assert detect_language("The president asked Russia and China for military help")[0] == "en"


def test_no_letters_gives_none():
    assert detect_language("12 34 -- !!") == (None, 0.0)


def test_short_persian_typed_with_arabic_yeh_and_kaf_is_persian():
    # Older Persian sites type ي/ك; the model alone calls these Arabic.
    for text in ["كميسيون امنيت ملي و سياست خارجي", "هزينه يابي بر مبناي فعاليت"]:
        assert detect_language(text)[0] == "fa", text


def test_short_paragraphs_arabic_vs_persian():
    assert detect_language("ضربات أميركية وحشد عسكري")[0] == "ar"
    assert detect_language("مزایایی غیرمنتظره برای مسکو")[0] == "fa"
    assert detect_language("فقلت له: شكرا.")[0] == "ar"


def test_script_check_measured_on_corpus_paragraphs(shared_data):
    """400 short (3-15 words) paragraphs of each corpus: the check must beat the model alone.

    Measured 2026-11-23: model alone ar 389/400, fa 307/400; with the check ar 392, fa 387.
    """
    import gzip
    import json
    import random

    from rashomon.language.detect import _detector

    def paras(name):
        out = []
        with gzip.open(shared_data / "corpus" / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                for p in (json.loads(line).get("maintext") or "").split("\n"):
                    if 3 <= len(p.split()) <= 15:
                        out.append(p.strip())
                if len(out) > 5000:
                    break
        random.Random(0).shuffle(out)
        return out[:400]

    for name, lang, floor in (
        ("saudinewsnet-ar.jsonl.gz", "ar", 385),
        ("farsnews-fa.jsonl.gz", "fa", 375),
    ):
        sample = paras(name)
        ours = sum(detect_language(p)[0] == lang for p in sample)
        model = sum(
            _detector()(" ".join(p.split()), model="lite", k=1)[0]["lang"] == lang for p in sample
        )
        assert ours >= floor and ours >= model, (name, ours, model)
