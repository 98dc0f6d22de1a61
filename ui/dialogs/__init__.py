"""Dialogs. Each validates in the core (on the worker) and keeps its input when refused."""
