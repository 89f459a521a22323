"""Does a learned re-ranker of the rule linker's picks beat the rules? (README, "Money facts".)

For each AMOUNT, three linear models choose, on features of the sentence around it: its type
(one of six), its company (one of the candidates of the amount's sentence and the LOOKBACK before,
or none) and its period (one of the candidates of the amount's sentence and the two before, or
none). Among the features is the rule linker's own pick, so the model can only add to the rules.
Trained on the gold facts of the train split, scored with the gold entities given against the rule
linker, on each --data file, for each --l2 weight and each --fraction of the training documents:

    python benchmarks/feature_linker.py --data data/corpus/test.jsonl --data data/realnews/test.jsonl
    python benchmarks/feature_linker.py --l2 1e-3 --fraction 0.25 --fraction 0.5 --fraction 1

Prints one line per (l2, fraction, file): fact F1 and the type, company and period accuracy.
"""

from __future__ import annotations

import argparse
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

import torch

from arabic_ie.inference import linker as rules
from arabic_ie.inference.entity import Entity
from arabic_ie.inference.facts import FACT_TYPES, LOOKBACK, Fact, company_key
from arabic_ie.training.fact_eval import FactDocument, fact_documents, period_key, score_facts
from arabic_ie.training.gold import load_records

PERIOD_LOOKBACK = 2
_PROCLITICS = ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ل", "ف")


def _bin(distance: int) -> str:
    d = abs(distance)
    return str(d) if d <= 2 else "3-4" if d <= 4 else "5-8" if d <= 8 else "9+"


def _stem(key: str) -> str:
    """A folded word without its proclitic or article, when at least 3 letters stay."""
    return next((key[len(p):] for p in _PROCLITICS if key.startswith(p) and len(key) - len(p) >= 3), key)


@dataclass
class Example:
    """One AMOUNT: the features of each choice, the rules' fact and (for gold amounts) the right choices."""

    doc: int
    amount: Entity
    rule: Fact
    types: list[list[str]]
    companies: list[Entity | None]
    company_features: list[list[str]]
    periods: list[Entity | None]
    period_features: list[list[str]]
    gold: dict[str, int] = field(default_factory=dict)


class _Document:
    """A text's sentences, its entities by sentence and the rule linker's facts by amount."""

    def __init__(self, text: str, entities: list[Entity]):
        self.sentences = rules._sentences(text)
        self.by_sentence = rules._by_sentence(self.sentences, entities)
        self.rule = {(f.amount.start, f.amount.end): f for f in rules.link_facts(text, entities)}

    def sentence_of(self, entity: Entity) -> int:
        return next(n for n, found in enumerate(self.by_sentence) if entity in found)

    def labelled(self, k: int, label: str) -> list[Entity]:
        return [e for e in self.by_sentence[k] if e.label == label]

    def candidates(self, k: int, amount: Entity, label: str, lookback: int, key) -> list[Entity]:
        """The entities of ``label`` in sentence ``k`` and the ``lookback`` before, the nearest mention of each."""
        found: dict = {}
        for j in range(k, max(-1, k - lookback - 1), -1):
            for e in sorted(self.labelled(j, label), key=lambda e: abs(e.start - amount.start)):
                found.setdefault(key(e), e)
        return list(found.values())


def _type_features(doc: _Document, k: int, amount: Entity, rule: Fact) -> list[str]:
    s = doc.sentences[k]
    at, end = s.word_at(amount.start), s.word_at(amount.end - 1)
    features = ["bias", f"rule:{rule.type}", f"modality:{rule.modality}"]
    hits = [(n - at, kind) for n in range(len(s.words))
            if not (s.words[n].start >= amount.start and s.words[n].end <= amount.end)
            for kind, stems in rules._CUE_STEMS.items() if rules._matches(s.keys, n, stems)]
    for distance, kind in hits:
        side = "before" if distance < 0 else "after"
        features += [f"cue:{kind}:{side}:{_bin(distance)}", f"cue:{kind}:{side}"]
    if hits:
        nearest = min(hits, key=lambda h: -h[0] if h[0] < 0 else 2 * h[0])[1]
        features += [f"nearest:{nearest}", f"nearest:{nearest}&rule:{rule.type}"]
    features += [f"before{min(i, 3)}:{_stem(s.keys[at - i])}" for i in range(1, 7) if at - i >= 0]
    features += [f"after{i}:{_stem(s.keys[end + i])}" for i in range(1, 4) if end + i < len(s.words)]
    features.append(f"companies_before:{min(2, sum(c.end <= amount.start for c in doc.labelled(k, 'COMPANY')))}")
    value = amount.value or {}
    if value.get("amount"):
        features.append(f"magnitude:{int(math.log10(max(value['amount'], 1)))}")
    features.append(f"currency:{value.get('currency')}")
    return features


def _position_features(doc: _Document, k: int, amount: Entity, candidate: Entity) -> list[str]:
    """Where a candidate stands: its sentence, neighbouring words, side and distance, what lies between."""
    j = doc.sentence_of(candidate)
    cs = doc.sentences[j]
    first, last = cs.word_at(candidate.start), cs.word_at(candidate.end - 1)
    features = [f"back:{min(k - j, 3)}"]
    features += [f"prev:{_stem(cs.keys[first - 1])}"] if first > 0 else ["sentence_start"]
    if first > 1:
        features.append(f"prev2:{_stem(cs.keys[first - 2])}")
    if last + 1 < len(cs.words):
        features.append(f"next:{_stem(cs.keys[last + 1])}")
    if j != k:
        return features
    s = doc.sentences[k]
    side = "before" if candidate.end <= amount.start else "after"
    distance = s.word_at(amount.start) - last if side == "before" else first - s.word_at(amount.end - 1)
    features += [f"side:{side}", f"distance:{side}:{_bin(distance)}"]
    lo, hi = (candidate.end, amount.start) if side == "before" else (amount.end, candidate.start)
    between = [e for e in doc.by_sentence[k] if lo <= e.start < hi]
    features += [f"{e.label}_between" for e in between]
    if any(s.keys[n] in rules._COMPLEMENTIZERS for n, w in enumerate(s.words) if w.start >= lo and w.end <= hi):
        features.append("complementizer_between")
    return features


def _company_features(doc: _Document, k: int, amount: Entity, company: Entity, rule: Fact) -> list[str]:
    picked = rule.company is not None and company_key(rule.company) == company_key(company)
    features = ["picked" if picked else "not_picked"] + _position_features(doc, k, amount, company)
    mentions = sum(company_key(e) == company_key(company)
                   for j in range(max(0, k - LOOKBACK), k + 1) for e in doc.labelled(j, "COMPANY"))
    features.append(f"mentions:{min(mentions, 4)}")
    before = [c for c in doc.labelled(k, "COMPANY") if c.end <= amount.start]
    if before and before[0] is company:
        features.append("first_before")
    if before and before[-1] is company:
        features.append("last_before")
    if rules._is_media(company):
        features.append("media")
    return features + [f"{rule.type}&{f}" for f in features[:2]]


def _period_features(doc: _Document, k: int, amount: Entity, period: Entity, rule: Fact) -> list[str]:
    picked = rule.period is not None and period_key(rule.period) == period_key(period)
    features = ["picked" if picked else "not_picked"] + _position_features(doc, k, amount, period)
    value = period.value or {}
    features.append(f"granularity:{value.get('granularity')}")
    if not (value.get("start") or value.get("end")):
        features.append("relative")
    return features + [f"{rule.type}&{f}" for f in features[:2]]


def _none_features(picked_none: bool, rule: Fact, candidates: int) -> list[str]:
    return ["none", f"none:rules_none:{picked_none}", f"none:type:{rule.type}", f"none:candidates:{min(candidates, 3)}"]


def examples(docs: list[FactDocument]) -> list[Example]:
    """One example per AMOUNT of each document's gold entities, with the right choices where it has a gold fact."""
    out = []
    for i, d in enumerate(docs):
        doc = _Document(d.text, d.entities)
        gold = {(f.amount.start, f.amount.end): f for f in d.facts}
        for k in range(len(doc.sentences)):
            for amount in doc.labelled(k, "AMOUNT"):
                rule = doc.rule[(amount.start, amount.end)]
                companies = doc.candidates(k, amount, "COMPANY", LOOKBACK, company_key)
                periods = doc.candidates(k, amount, "PERIOD", PERIOD_LOOKBACK, period_key)
                base = _type_features(doc, k, amount, rule)
                ex = Example(i, amount, rule, [[f"{t}|{f}" for f in base] for t in FACT_TYPES],
                             [None, *companies],
                             [_none_features(rule.company is None, rule, len(companies))]
                             + [_company_features(doc, k, amount, c, rule) for c in companies],
                             [None, *periods],
                             [_none_features(rule.period is None, rule, len(periods))]
                             + [_period_features(doc, k, amount, p, rule) for p in periods])
                fact = gold.get((amount.start, amount.end))
                if fact is not None:
                    ex.gold = {
                        "type": FACT_TYPES.index(fact.type),
                        "company": next((n for n, c in enumerate(ex.companies)
                                         if company_key(c) == company_key(fact.company)), -1),
                        "period": next((n for n, p in enumerate(ex.periods)
                                        if period_key(p) == period_key(fact.period)), -1),
                    }
                out.append(ex)
    return out


SLOTS = {"type": "types", "company": "company_features", "period": "period_features"}


class Chooser:
    """A linear score per choice, trained with a softmax over the choices of each example."""

    def __init__(self, groups: list[list[list[str]]], answers: list[int], l2: float, steps: int = 300):
        self.index: dict[str, int] = {}
        for group in groups:
            for choice in group:
                for f in choice:
                    self.index.setdefault(f, len(self.index))
        self.weights = torch.zeros(len(self.index), requires_grad=True)
        optimizer = torch.optim.Adam([self.weights], lr=0.05)
        sizes = [len(group) for group in groups]
        # (choice, feature) pairs: a choice's score is the sum of its features' weights
        pairs = [(n, self.index[f]) for n, choice in enumerate(c for g in groups for c in g) for f in choice]
        choice_of = torch.tensor([n for n, _ in pairs])
        feature_of = torch.tensor([f for _, f in pairs])
        for _ in range(steps):
            scores = torch.zeros(sum(sizes)).index_add(0, choice_of, self.weights[feature_of])
            loss = -sum(torch.log_softmax(part, 0)[y] for part, y in zip(torch.split(scores, sizes), answers))
            loss = loss / len(answers) + l2 * (self.weights ** 2).sum()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        self.weights = self.weights.detach()

    def choose(self, group: list[list[str]]) -> int:
        scores = [sum(float(self.weights[self.index[f]]) for f in choice if f in self.index) for choice in group]
        return max(range(len(group)), key=scores.__getitem__)


def train(train_examples: list[Example], l2: float) -> dict[str, Chooser]:
    """A chooser per slot, on the gold amounts whose right choice is among the candidates."""
    choosers = {}
    for slot, attr in SLOTS.items():
        usable = [e for e in train_examples if e.gold and e.gold[slot] >= 0]
        choosers[slot] = Chooser([getattr(e, attr) for e in usable], [e.gold[slot] for e in usable], l2)
    return choosers


def link(choosers: dict[str, Chooser], ex: Example) -> Fact:
    """The rules' fact with the learned type, company and period."""
    return Fact(ex.amount, FACT_TYPES[choosers["type"].choose(ex.types)], ex.rule.modality,
                ex.companies[choosers["company"].choose(ex.company_features)],
                ex.periods[choosers["period"].choose(ex.period_features)], ex.rule.chips)


def _line(scores: dict) -> str:
    accuracy = scores["slot_accuracy"]
    return (f"F1 {scores['f1']:.3f} type {accuracy['type']:.3f} company {accuracy['company']:.3f} "
            f"period {accuracy['period']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", default="data/corpus/train.jsonl")
    parser.add_argument("--data", action="append", help="gold JSONL with facts to score on (repeatable)")
    parser.add_argument("--l2", type=float, action="append", help="L2 weights to try (default 1e-4, 1e-3, 1e-2)")
    parser.add_argument("--fraction", type=float, action="append",
                        help="share of the training documents to train on, drawn with seed 0 (default 1)")
    args = parser.parse_args()
    train_examples = examples(fact_documents(load_records(args.train)))
    n_docs = 1 + max(e.doc for e in train_examples)
    sets = {}
    for path in args.data or ["data/corpus/dev.jsonl", "data/corpus/test.jsonl"]:
        docs = fact_documents(load_records(path))
        sets[path] = (docs, examples(docs))
    for l2 in args.l2 or [1e-4, 1e-3, 1e-2]:
        for fraction in args.fraction or [1.0]:
            kept = set(random.Random(0).sample(range(n_docs), int(n_docs * fraction)))
            chosen = [e for e in train_examples if e.doc in kept]
            choosers = train(chosen, l2)
            facts = sum(bool(e.gold) for e in chosen)
            for path, (docs, exs) in sets.items():
                ruled, learned = defaultdict(list), defaultdict(list)
                for ex in exs:
                    ruled[ex.doc].append(ex.rule)
                    learned[ex.doc].append(link(choosers, ex))
                gold = [d.facts for d in docs]
                print(f"l2 {l2:g} fraction {fraction:g} ({facts} facts) {path}: "
                      f"rules {_line(score_facts(gold, [ruled[i] for i in range(len(docs))]))} | "
                      f"learned {_line(score_facts(gold, [learned[i] for i in range(len(docs))]))}", flush=True)


if __name__ == "__main__":
    main()
