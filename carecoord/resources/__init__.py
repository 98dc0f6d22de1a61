"""Data shipped with the application (code lists, reference data), read via importlib.resources."""
