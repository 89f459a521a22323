"""arabic-ie: tag COMPANY, CHIP, AMOUNT and PERIOD entities in Arabic news text.

    from arabic_ie import Tagger
    tagger = Tagger.from_pretrained("runs/e5-small")   # or "rules"

One import namespace over the repository's folders (``pyproject.toml`` maps them):
``arabic_ie.inference`` is ``inference/`` (tagging, values, rules), ``arabic_ie.training``
is ``training/`` (corpus, training, evaluation, the CLI), and ``arabic_ie.data`` ships
what inference reads (``data/aliases.tsv``, ``data/gazetteers/``).
"""

from arabic_ie.inference.entity import Entity
from arabic_ie.inference.rules import RuleTagger
from arabic_ie.inference.tagger import Tagger

__all__ = ["Entity", "RuleTagger", "Tagger"]
