"""A tiny BERT built from a config, with a WordPiece tokenizer trained on our own text.

It needs no download and trains in seconds: the base model of ``configs/tiny.yaml``
and of the tests.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from inference.encoding import normalize_words
from inference.words import split_words
from training.files import replace_dir

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def build_tiny_base(texts: list[str], output_dir: str | Path, *, vocab_size: int = 3000, hidden_size: int = 128,
                    layers: int = 2, heads: int = 2, seed: int = 0) -> Path:
    """Train a WordPiece vocabulary on ``texts`` and save it with a randomly initialised small BERT."""
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Digits(individual_digits=False)])
    tokenizer.decoder = decoders.WordPiece()
    words = (" ".join(normalize_words([w.text for w in split_words(text)], "marks")) for text in texts)
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS, min_frequency=1,
                                        continuing_subword_prefix="##", show_progress=False)
    tokenizer.train_from_iterator(words, trainer=trainer)
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
