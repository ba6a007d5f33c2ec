"""Adaldyq: software for an anti-corruption agency."""

__version__ = "0.1.0"
