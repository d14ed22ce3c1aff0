"""igfaxis: the growth-hormone / IGF-1 axis, from lab result to cell signal.

The package is layered (see ``docs/architecture.md``); importing it stays light: no JAX, no SQLAlchemy.
"""

__version__ = "0.1.0"
