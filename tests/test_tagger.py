"""The Tagger: offsets into the original text, windows on long documents, batches, odd input."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch
from hypothesis import HealthCheck, given, settings, strategies as st

from arabic_ie.inference.devices import has_fast_bf16, resolve_dtype
from arabic_ie.inference.encoding import encode_sentences, windows
from arabic_ie.inference.labels import TAGS
from arabic_ie.inference.tagger import Tagger
from tests.conftest import marked_records


class TokenRuleModel(torch.nn.Module):
    """A stand-in model whose tag for each sub-token is a fixed function of its id."""

    def __init__(self, tag_of_id, max_positions: int = 512):
        super().__init__()
        self.tag_of_id = tag_of_id
        self.config = SimpleNamespace(id2label=dict(enumerate(TAGS)), max_position_embeddings=max_positions)
        self.dummy = torch.nn.Parameter(torch.zeros(1))

    def forward(self, input_ids, attention_mask):
        tags = torch.tensor([[self.tag_of_id(i) for i in row] for row in input_ids.tolist()])
        return SimpleNamespace(logits=torch.nn.functional.one_hot(tags, len(TAGS)).float() * 5)


@pytest.fixture(scope="module")
def tokenizer(tiny_base):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(tiny_base)


@pytest.fixture(scope="module")
def trained(overfit_run):
    # float32: in bf16 a score's last digits depend on which texts share a batch (padding changes the sums)
    return Tagger.from_pretrained(overfit_run, device="cpu", dtype="float32")


def test_trained_model_finds_the_entities_with_exact_offsets(trained):
    records = marked_records()
    results = trained.tag([r["text"] for r in records])
    for record, found in zip(records, results):
        assert [(e.start, e.end, e.label) for e in found] == [(s["start"], s["end"], s["label"]) for s in record["entities"]]
        for e in found:
            assert record["text"][e.start:e.end] == e.text and 0 < e.score <= 1


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_each_precision_finds_the_same_entities(overfit_run, dtype):
    tagger = Tagger.from_pretrained(overfit_run, device="cpu", dtype=dtype)
    assert tagger.model.dtype == getattr(torch, dtype) == tagger.dtype
    records = marked_records()
    for record, found in zip(records, tagger.tag([r["text"] for r in records])):
        assert [(e.start, e.end, e.label) for e in found] == [(s["start"], s["end"], s["label"]) for s in record["entities"]]


def test_auto_precision_is_bf16_only_where_the_hardware_has_it():
    assert resolve_dtype("cpu", "float32") == torch.float32
    assert resolve_dtype("cpu", "bfloat16") == torch.bfloat16
    assert resolve_dtype("cpu") == (torch.bfloat16 if has_fast_bf16("cpu") else torch.float32)
    assert resolve_dtype("mps") == torch.float32
    with pytest.raises(ValueError, match="float16.*auto, float32, bfloat16"):
        resolve_dtype("cpu", "float16")


def test_empty_whitespace_and_non_arabic_texts(trained):
    texts = ["", "   \n\t ", "The quick brown fox, 2024.", "١٢٣ ... !!!", "ـــ"]
    results = trained.tag(texts)
    assert len(results) == len(texts)
    assert results[0] == [] and results[1] == []
    for text, found in zip(texts, results):
        assert all(text[e.start:e.end] == e.text for e in found)


def test_results_follow_input_order_across_batches(trained):
    records = marked_records()
    texts = [r["text"] for r in records] * 5
    one_by_one = [trained.tag([t])[0] for t in texts[:8]]
    batched = trained.tag(texts, batch_size=3)
    assert batched[:8] == one_by_one and batched[8:16] == one_by_one
    assert list(trained.tag_stream(iter(texts), batch_size=4, chunk_size=7)) == batched


def test_ten_thousand_short_texts(trained):
    texts = [f"اشترت تينسنت رقائق H20 رقم {i}" for i in range(10_000)]
    results = trained.tag(texts, batch_size=256)
    assert len(results) == 10_000
    assert all(found and found[0].text == "تينسنت" for found in results)


def test_one_megabyte_document(tokenizer):
    company = tokenizer.convert_tokens_to_ids("تينسنت")
    tagger = Tagger(TokenRuleModel(lambda i: 1 if i == company else 0), tokenizer, max_length=128)
    text = ("اشترت تينسنت رقائق H20 في الربع الثاني من 2024 " * 22_000)[:1_000_000]
    found = tagger.tag([text], batch_size=64)[0]
    assert len(found) == text.count("تينسنت")
    assert all(text[e.start:e.end] == "تينسنت" for e in found)


def test_entities_at_every_window_boundary_are_found_once(tokenizer):
    """A 5,000-word sentence cut into overlapping windows: an entity straddling each cut, found once."""
    vocab = tokenizer.get_vocab()
    filler, first, second = "شركة", "بابا", "تينسنت"  # whole words of the tiny vocabulary; the stand-in model tags ids
    assert all(w in vocab for w in (filler, first, second)), "test words must be single tokens"
    ids = {vocab[first]: TAGS.index("B-COMPANY"), vocab[second]: TAGS.index("I-COMPANY")}
    tagger = Tagger(TokenRuleModel(lambda i: ids.get(i, 0)), tokenizer, max_length=64, stride=16)
    words = [filler] * 5000
    encoded = encode_sentences(tokenizer, [words], "marks")[0]
    cuts = set()
    for win in windows(encoded, tagger.max_tokens, tagger.stride):
        cuts |= {win.tok_start, win.tok_end, win.own_start, win.own_end}
    positions = sorted(c for c in cuts if 1 <= c < 4999)
    # Entities one word before, on and after every cut, as long as they do not touch each other.
    starts = []
    for cut in positions:
        for start in (cut - 1, cut):
            if not starts or start >= starts[-1] + 3:
                starts.append(start)
    for start in starts:
        words[start], words[start + 1] = first, second
    text = " ".join(words)
    found = tagger.tag([text])[0]
    expected = []
    offset = 0
    for i, word in enumerate(words):
        if i in set(starts):
            expected.append((offset, offset + len(first) + 1 + len(second)))
        offset += len(word) + 1
    assert len(starts) > 100
    assert [(e.start, e.end) for e in found] == expected
    assert all(e.text == f"{first} {second}" for e in found)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ٠١٢٣0123456789.,،()\n-/%ـHAMDXابـً")), max_size=80), max_size=6))
def test_offsets_always_index_the_original_text(tokenizer, texts):
    tagger = Tagger(TokenRuleModel(lambda i: i % len(TAGS)), tokenizer, max_length=16, stride=4)
    for text, found in zip(texts, tagger.tag(texts, batch_size=4)):
        for e in found:
            assert text[e.start:e.end] == e.text and e.text.strip() == e.text and e.text
