"""civicqa: short, cited answers to questions about local civic issues, offline."""

__version__ = "0.1.0"
