from arabic_ie.inference.labels import TAG2ID
from arabic_ie.training.align import IGNORE, build_features, collate


def test_labels_go_on_first_sub_tokens(tiny_base):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    words = ["اشترت", "تينسنت", "رقائق", "H20"]
    tags = ["O", "B-COMPANY", "O", "B-CHIP"]
    feature = build_features(tokenizer, [words], [tags], scheme="arabert", max_length=32)[0]
    encoded = tokenizer(words, is_split_into_words=True)
    assert feature["input_ids"] == encoded["input_ids"]
    firsts = [i for i, w in enumerate(encoded.word_ids()) if w is not None and (i == 0 or encoded.word_ids()[i - 1] != w)]
    assert [feature["labels"][i] for i in firsts] == [TAG2ID[t] for t in tags]
    assert sum(label != IGNORE for label in feature["labels"]) == len(words)


def test_label_all_tokens_continues_with_inside_tags(tiny_base):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    words, tags = ["H20"], ["B-CHIP"]  # two sub-tokens: H + 20
    feature = build_features(tokenizer, [words], [tags], scheme="arabert", max_length=32, label_all_tokens=True)[0]
    labelled = [label for label in feature["labels"] if label != IGNORE]
    assert labelled[0] == TAG2ID["B-CHIP"] and set(labelled[1:]) == {TAG2ID["I-CHIP"]} and len(labelled) > 1


def test_long_sentences_become_several_windows_not_truncated(tiny_base):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    words = ["تينسنت", "شركة"] * 100
    tags = ["B-COMPANY", "O"] * 100
    features = build_features(tokenizer, [words], [tags], scheme="arabert", max_length=32)
    assert len(features) > 1 and all(len(f["input_ids"]) <= 32 for f in features)
    labelled = [label for f in features for label in f["labels"] if label != IGNORE]
    assert labelled == [TAG2ID[t] for t in tags]
    batch = collate(features[:2], tokenizer.pad_token_id)
    assert batch["input_ids"].shape == batch["labels"].shape == batch["attention_mask"].shape
