"""The ``igfaxis`` command line (Typer + Rich)."""
