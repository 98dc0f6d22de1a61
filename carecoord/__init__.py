"""CareCoord core: vault, domain, store, letters, statistics and command line.

This package never imports PySide6 or ``ui`` (an import-linter contract enforces it).
"""

__version__ = "0.1.0"
