"""Where the data that inference reads lives: ``data/`` in a checkout, ``arabic_ie/data`` in a wheel.

Both are ``<the inference package>/../data`` (``pyproject.toml`` ships ``data/aliases.tsv`` and
``data/gazetteers/`` as the package ``arabic_ie.data``).
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
