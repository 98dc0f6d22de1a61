"""``make bench``: every area's benchmarks (the lead wires in the others' entry points)."""

import sys

from benchmarks.bench_cases import main

sys.exit(main(sys.argv[1:]))
