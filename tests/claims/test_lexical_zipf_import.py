"""wordfreq tokenises Japanese with MeCab, an optional dependency: without it a word's
frequency is unknown (0) and the claims step goes on (a 3,000-article build of the real mix
crashed on one statement detected as Japanese)."""

from rashomon.claims import lexical


def test_japanese_without_its_tokeniser_is_a_frequency_not_a_crash():
    lexical.zipf.cache_clear()
    value = lexical.zipf("终极人类白痴", "ja")
    assert isinstance(value, float) and 0.0 <= value <= 8.0
