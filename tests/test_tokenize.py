import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import tokenize

TEXT = st.text(
    alphabet=st.sampled_from(list("湖北省黄石市人大常委会开展安全生产法执法检查12部 ，。、“”AB")), max_size=60
)


@settings(max_examples=150, deadline=None)
@given(TEXT, st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=4))
def test_tokens_cover_the_text_and_never_cut_kept_spans(text, raw_spans):
    keep = [(a, min(a + n, len(text))) for a, n in raw_spans if a < len(text)]
    toks = tokenize.tokens(text, keep)
    assert re.sub(r"\s", "", "".join(w for w, _ in toks)) == re.sub(r"\s", "", text)
    for w, s in toks:
        assert text[s : s + len(w)] == w
    starts = {s for _, s in toks}
    for a, b in keep:
        assert not any(a < c < b for c in starts)


def test_entities_are_single_tokens():
    words = [w for w, _ in tokenize.tokens("宁夏回族自治区石嘴山市开展未成年人保护法执法检查")]
    assert "宁夏回族自治区" in words and "石嘴山市" in words and "未成年人保护法" in words


def test_one_tokenizer_per_process():
    from pipeline.extract import numerals, places

    assert numerals.tokenizer() is places._tokenizer() is tokenize.tokenizer()
