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
