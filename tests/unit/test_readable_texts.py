"""Texts joined and sized the way a person reads them, in both languages."""

from __future__ import annotations

import pytest

from clientbook.core.messages import Message, join_sentences
from clientbook.core.sizes import human_size


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_reasons_read_as_sentences_not_dot_semicolon(lang) -> None:  # type: ignore[no-untyped-def]
    texts = [Message("name_required").text(lang), Message("company_name_required").text(lang), "без точки"]
    joined = join_sentences(texts)
    assert ".;" not in joined and "; " not in joined
    assert joined.endswith("без точки.") and joined.count(". ") == 2


@pytest.mark.parametrize(("size", "lang", "text"), [
    (1536 * 1024, "ru", "1,5 МБ"), (1536 * 1024, "en", "1.5 MB"), (800, "ru", "800 байт"),
    (3 * 1024 ** 3, "ru", "3,0 ГБ"), (2048, "en", "2.0 KB"),
])
def test_sizes_in_the_users_words_not_mib(size, lang, text) -> None:  # type: ignore[no-untyped-def]
    assert human_size(size, lang) == text
    assert "iB" not in human_size(size, lang)
