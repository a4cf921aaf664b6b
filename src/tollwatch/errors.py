"""The one exception tree of tollwatch.

    TollwatchError
     +-- InputError            unreadable document (missing, binary, undecodable, empty, too big)
     |    +-- ParseError       it was read but its format is broken (bad JSON line, malformed feed)
     +-- ExtractionError       extraction failed on a readable document
     +-- GazetteerError        the place index could not be loaded
     +-- StoreError            the ledger cannot be opened, migrated or written
     |    +-- NotFoundError    an incident, document or claim id that is not in the ledger
     |    +-- StoreUnavailable its database went away or is full mid-run (a rerun resumes)
     +-- ConfigError           a setting (URL, token, option) is wrong
     +-- DecisionError         an analyst's merge, split, reject or correction cannot be applied

Library code raises these with a message that says what is wrong and where (file name, line,
character offset) and the bad value. Only the edges (cli.py, api/) turn them into exit codes
and HTTP statuses.
"""

from __future__ import annotations


class TollwatchError(Exception):
    """Base of every error tollwatch raises on purpose."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)
        self.reason = message


class InputError(TollwatchError):
    """A document cannot be read as text."""


class ParseError(InputError):
    """A document was read but its format is broken."""


class ExtractionError(TollwatchError):
    """Extraction failed on a readable document."""


class GazetteerError(TollwatchError):
    """The place index could not be loaded."""


class StoreError(TollwatchError):
    """The ledger cannot be opened, migrated or written."""


class NotFoundError(StoreError):
    """An id that is not in the ledger."""


class StoreUnavailable(StoreError):
    """The ledger's database went away (connection lost) or is full mid-run; every
    transaction committed before stays, the one in hand was rolled back, a rerun resumes."""


class ConfigError(TollwatchError):
    """A setting is wrong."""


class DecisionError(TollwatchError):
    """An analyst's decision (merge, split, reject, correct) that cannot be applied as asked."""
