"""``python -m bench``: the scale benchmark (see bench/scale_bench.py)."""

from bench.scale_bench import main

main()
