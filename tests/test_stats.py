"""The shipped corpus meets the figures its datasheet promises (recomputed, not stored)."""

from pathlib import Path

import pytest

from arabic_ie.cli import main
from arabic_ie.training.stats import corpus_stats

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def stats():
    return corpus_stats(DATA / "source", DATA / "corpus")


def test_size_targets(stats):
    total = stats["total"]
    assert total["sentences"] >= 900 and total["documents"] >= 130 and total["entities"] >= 3500
    assert all(total[label] >= 450 for label in ("COMPANY", "CHIP", "AMOUNT", "PERIOD"))
    assert stats["distinct_companies"] >= 220 and stats["distinct_chips"] >= 90


def test_amounts_are_varied(stats):
    currencies = [c for c in stats["amount_currencies"] if c not in ("unread", None)]
    assert len(currencies) >= 10
    assert stats["amounts_with_arabic_indic_digits"] > 0


def test_splits_by_document_with_an_unseen_slice(stats):
    share = stats["split_share"]
    assert abs(share["train"] - 0.7) < 0.03 and abs(share["dev"] - 0.1) < 0.02 and abs(share["test"] - 0.2) < 0.02
    assert stats["splits"]["test"]["unseen_documents"] > 0
    assert "unseen_documents" not in stats["splits"]["train"] and "unseen_documents" not in stats["splits"]["dev"]
    assert stats["total"]["documents"] == stats["source_documents"]


def test_data_stats_command_prints_the_table(capsys):
    assert main(["data-stats"]) == 0
    out = capsys.readouterr().out
    assert "distinct companies" in out and "unseen slice" in out


def test_train_split_looks_like_real_news(stats):
    """The real-news register targets: sparse sentences, quotes everywhere, names inside quotes."""
    train = stats["splits"]["train"]
    assert train["sentences_without_entity"] >= 0.20 * train["sentences"]
    assert train["sentences_with_quotes"] >= 0.25 * train["sentences"]
    assert train["entities_in_quotes"] >= 600
    real = stats["real_register"]
    assert real["sentences"] >= 1200 and real["entities"] <= 0.09 * real["words"]
