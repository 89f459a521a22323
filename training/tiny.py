"""A tiny BERT built from a config, with a WordPiece tokenizer trained on our own text.

It needs no download and trains in seconds: the base model of ``configs/tiny.yaml``
and of the tests.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from arabic_ie.inference.encoding import normalize_words
from arabic_ie.inference.words import split_words
from arabic_ie.training.files import replace_dir

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def wordpiece_vocab(words: list[str], size: int, longest: int = 6) -> dict[str, int]:
    """A WordPiece vocabulary from word counts (words as the pre-tokenizer gives them), the same on every run.

    Every character (word-initial and ``##`` continuation) is in; the remaining
    places go to whole words, word beginnings and ``##`` continuations of up to
    ``longest`` characters, ranked by how many characters they would cover in the
    text (count × (length - 1)), ties by the piece itself. (The ``tokenizers``
    WordPiece trainer breaks ties in hash order, so its vocabulary changed from one
    process to the next and the tiny model with it.)
    """
    counts = Counter(words)
    chars = sorted({c for word in counts for c in word})
    fixed = SPECIAL_TOKENS + chars + ["##" + c for c in chars]
    scores: Counter[str] = Counter()
    for word, n in counts.items():
        for k in range(2, min(len(word), longest) + 1):
            scores[word[:k]] += n * (k - 1)
        if len(word) > longest:
            scores[word] += n * (len(word) - 1)
        for i in range(1, len(word)):
            for k in range(2, min(len(word) - i, longest) + 1):
                scores["##" + word[i:i + k]] += n * (k - 1)
    ranked = sorted(scores, key=lambda piece: (-scores[piece], piece))
    taken = set(fixed)
    pieces = fixed + [p for p in ranked if p not in taken][:max(0, size - len(fixed))]
    return {piece: i for i, piece in enumerate(pieces)}


def build_tiny_base(texts: list[str], output_dir: str | Path, *, vocab_size: int = 3000, hidden_size: int = 128,
                    layers: int = 2, heads: int = 2, seed: int = 0) -> Path:
    """Train a WordPiece vocabulary on ``texts`` and save it with a randomly initialised small BERT."""
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    normalizer = normalizers.NFC()
    pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Digits(individual_digits=False)])
    # The vocabulary is counted on exactly what the tokenizer will look up: normalised, pre-tokenised words.
    words = [piece for text in texts
             for piece, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(
                 " ".join(normalize_words([w.text for w in split_words(text)], "marks"))))]
    tokenizer = Tokenizer(models.WordPiece(wordpiece_vocab(words, vocab_size), unk_token="[UNK]"))
    tokenizer.normalizer = normalizer
    tokenizer.pre_tokenizer = pre_tokenizer
    tokenizer.decoder = decoders.WordPiece()
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]", special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)])
    fast = PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", mask_token="[MASK]", model_max_length=512)

    torch.manual_seed(seed)
    config = BertConfig(vocab_size=tokenizer.get_vocab_size(), hidden_size=hidden_size, num_hidden_layers=layers,
                        num_attention_heads=heads, intermediate_size=4 * hidden_size, max_position_embeddings=512,
                        pad_token_id=tokenizer.token_to_id("[PAD]"))
    model = BertModel(config, add_pooling_layer=False)

    output_dir = Path(output_dir)
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=output_dir.name + ".", dir=output_dir.parent))
    model.save_pretrained(tmp)
    fast.save_pretrained(tmp)
    replace_dir(tmp, output_dir)
    return output_dir
