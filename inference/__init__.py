"""Arabic information extraction: tag COMPANY, CHIP, AMOUNT and PERIOD entities in news text."""

from arabic_ie.inference.entity import Entity
from arabic_ie.inference.tagger import Tagger

__all__ = ["Entity", "Tagger"]
