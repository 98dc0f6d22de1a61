import sys

from benchmarks.vault_bench import main

sys.exit(main())
