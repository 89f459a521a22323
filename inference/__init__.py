"""Arabic information extraction: tag COMPANY, CHIP, AMOUNT and PERIOD entities in news text."""

from inference.entity import Entity
from inference.tagger import Tagger

__all__ = ["Entity", "Tagger"]
