"""Line model: printed width, indentation, column width, quote-width inference."""

from __future__ import annotations

from pipeline.layout.lines import (
    char_width,
    column_width,
    is_full,
    is_short,
    looks_indented,
    make_lines,
    quote_width,
    remeasure,
    text_width,
)


def test_char_and_text_width() -> None:
    assert char_width("人") == 1.0
    assert char_width("，") == 1.0
    assert char_width("5") == 0.5
    assert char_width("“") == 0.5
    assert char_width(" ") == 0.0
    assert text_width("法规12部") == 4.0
    assert text_width("App与") == 2.5


def test_make_lines_measures_and_keeps_raw() -> None:
    lines = make_lines(" ■ 徐某某（湖北）\r\n\n  推进 12 项工作\n全 力 支 持 和 保 障 代 表\n")
    assert [ln.lineno for ln in lines] == [1, 2, 3, 4]
    assert lines[0].text == "■ 徐某某（湖北）"
    assert lines[1].blank
    assert lines[2].compact == "推进12项工作" and lines[2].width == 6.0 and lines[2].indent == 1.0
    assert lines[3].letterspaced and lines[3].width == 9.0
    assert make_lines("") and make_lines("")[0].blank
    assert [ln.lineno for ln in make_lines("a\rb\nc")] == [1, 2]  # a lone \r is not a line break


def test_ideographic_indent() -> None:
    (ln,) = make_lines("\u3000\u3000开展调研")
    assert ln.indent == 2.0 and ln.compact == "开展调研"


def test_column_width_and_line_classes() -> None:
    body = ["一" * 17] * 8 + ["一" * 15, "一" * 6]
    lines = make_lines("\n".join(body))
    w = column_width(lines)
    assert w == 17
    assert is_full(lines[0], w) and not is_short(lines[0], w)
    assert looks_indented(lines[8], w) and not is_full(lines[8], w)
    assert is_short(lines[9], w)


def test_quote_width_is_inferred_per_block() -> None:
    half = ["一" * 15 + "“一一”", "一" * 17, "一一“一一”" + "一" * 13, "一" * 17, "一" * 17, "一" * 17]
    full = ["一" * 14 + "“一”", "一" * 17, "“一一”" + "一" * 13, "一" * 17, "一" * 17, "一" * 17]
    assert quote_width([make_lines("\n".join(half))]) == 0.5
    assert quote_width([make_lines("\n".join(full))]) == 1.0
    # pooled over a page: blocks of different column widths each judged against their own column
    assert quote_width([make_lines("\n".join(full)), make_lines("\n".join(x[:-2] for x in full))]) == 1.0
    (ln,) = remeasure(make_lines("“一”"), 1.0)
    assert ln.raw_width == 3.0 and ln.width == 2.0  # a closing quote at the end may hang
