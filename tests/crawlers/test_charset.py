"""Decoding page bytes (crawlers/charset.py): declared charset first, a stray bad byte never turns
a GBK page into Cyrillic, a wrong gb2312 label on UTF-8 bytes is ignored."""

from __future__ import annotations

import charset_normalizer
import pytest
from page_fixtures import PARAGRAPHS, page

from crawlers.charset import decode_body, reads_as_chinese

TEXT = "".join(PARAGRAPHS)


def _with_bad_byte(data: bytes, bad: bytes = b"\x80") -> bytes:
    middle = data.find(PARAGRAPHS[1][:4].encode("gbk"))
    return data[:middle] + bad + data[middle:]


def test_charset_undeclared_gbk_with_one_bad_byte_is_read_as_gb18030() -> None:
    raw = _with_bad_byte(page(charset="").replace('<meta charset="">', "").encode("gbk"))
    text, codec = decode_body(raw)
    assert codec == "gb18030"
    for paragraph in PARAGRAPHS:
        assert paragraph in text


def test_charset_lossy_gb18030_comes_before_a_statistical_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    """A detector that guesses Cyrillic for a GBK page with a stray byte (seen on real pages) is
    never asked: the lossy GB18030 decode already reads as Chinese."""

    class Guess:
        encoding = "cp1251"

    class Results:
        def best(self) -> Guess:
            return Guess()

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda _data: Results())
    raw = _with_bad_byte(page(charset="").replace('<meta charset="">', "").encode("gbk"))
    assert decode_body(raw)[1] == "gb18030"


def test_charset_declared_gb2312_with_one_bad_byte_keeps_the_declared_charset() -> None:
    raw = _with_bad_byte(page(charset="gb2312").encode("gbk"))
    text, codec = decode_body(raw)
    assert codec == "gb18030"  # the GBK family is widened to GB18030
    assert PARAGRAPHS[0] in text and PARAGRAPHS[2] in text
    assert text.count("\ufffd") == 1


def test_charset_utf8_bytes_under_a_gb2312_label_are_utf8() -> None:
    text, codec = decode_body(page(charset="gb2312").encode("utf-8"))
    assert (codec, PARAGRAPHS[0] in text) == ("utf-8", True)


def test_charset_undeclared_utf8_with_one_bad_byte_stays_utf8() -> None:
    raw = page(charset="").encode("utf-8")
    middle = raw.find(PARAGRAPHS[1].encode("utf-8"))
    text, codec = decode_body(raw[:middle] + b"\xff" + raw[middle:])
    assert (codec, PARAGRAPHS[1] in text) == ("utf-8", True)


def test_charset_reads_as_chinese_tells_text_from_byte_noise() -> None:
    assert reads_as_chinese(TEXT)
    noise = "Съешь же ещё этих мягких французских булок, да выпей чаю. " * 5
    assert not reads_as_chinese(noise.encode("cp1251").decode("gb18030", errors="replace"))
