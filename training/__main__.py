"""``python -m arabic_ie.training --config configs/X.yaml``: the training entry point for ``accelerate launch -m arabic_ie.training``."""

import sys

from arabic_ie.cli import main

sys.exit(main(["train", *sys.argv[1:]]))
