"""Procurement risk: Cardinal-compatible red flags and further indicators over OCDS data.

No Django here: ``engine.Engine`` reads a file into DuckDB and runs the indicators;
``composite.composite`` combines their flags into a score with each flag's contribution.
"""
