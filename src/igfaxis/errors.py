"""The igfaxis error tree.

Every error igfaxis raises on purpose derives from :class:`IgfaxisError`::

    IgfaxisError
    ├── InputError (also ValueError)         bad user input; CLI exit code 2
    │   ├── UnitError                        unknown or incompatible unit
    │   ├── ReferenceRangeError              no reference interval for that age/sex
    │   ├── ImportRejected                   a whole file import refused (one or more row problems)
    │   ├── ProtocolError                    bad protocol file
    │   └── SafetyError                      a request outside published human dosing or contraindicated
    ├── SimulationError                      solver failure the caller asked to raise on
    └── StorageError                         database problems

Messages say what was wrong, where (file, row, field), what was received and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass


class IgfaxisError(Exception):
    """Root of every error igfaxis raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in an input: which file, row and field, what came and what was expected."""

    message: str
    file: str | None = None
    row: int | None = None
    field: str | None = None
    received: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        head = ", ".join(where)
        text = f"{head}: {self.message}" if head else self.message
        if self.received is not None:
            text += f" (received {self.received!r}"
            text += f"; expected {self.expected})" if self.expected else ")"
        elif self.expected is not None:
            text += f" (expected {self.expected})"
        return text

    def as_dict(self) -> dict[str, str | int | None]:
        return {
            "message": self.message,
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "received": self.received,
            "expected": self.expected,
        }


class InputError(IgfaxisError, ValueError):
    """Bad input from the user: a value, a file, an option. The CLI exits with code 2."""

    def __init__(self, message: str | Problem, *problems: Problem) -> None:
        first = message if isinstance(message, Problem) else Problem(str(message))
        self.problems: tuple[Problem, ...] = (first, *problems)
        super().__init__(str(first) if not problems else self._joined())

    def _joined(self) -> str:
        lines = [f"{len(self.problems)} problems:"] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class UnitError(InputError):
    """A unit igfaxis does not know, or one of the wrong dimension."""


class ReferenceRangeError(InputError):
    """No published reference interval covers the requested age or sex."""


class ImportRejected(InputError):
    """A file import refused as a whole; nothing was kept. ``problems`` lists every row problem found."""


class ProtocolError(InputError):
    """A protocol file that cannot be run as written."""


class SafetyError(InputError):
    """A request outside published human dosing, or blocked by a contraindication."""


class SimulationError(IgfaxisError):
    """A simulation failed and the caller asked for an exception rather than a per-patient status."""


class StorageError(IgfaxisError):
    """The database could not be read or written."""
