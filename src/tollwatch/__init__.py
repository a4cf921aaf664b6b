"""tollwatch: news reports about armed conflict in, a sourced casualty ledger out."""

__version__ = "0.1.0"
