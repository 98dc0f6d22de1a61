"""CareCoord desktop application (PySide6). Holds no SQL and no business rules."""
