"""``python -m training --config configs/X.yaml``: the training entry point for ``accelerate launch -m training``."""

import sys

from training.cli import main

sys.exit(main(["train", *sys.argv[1:]]))
