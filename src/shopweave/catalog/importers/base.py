"""The small interface every importer implements, and the shared base for CSV-like formats.

An importer turns one file into raw rows (`rows`), says which rows belong together
(`group_key`: all rows of one Shopify handle, a WooCommerce parent and its variations, a Google
`item_group_id`), and builds records from one group (`build`). The pipeline does the rest:
sniffing, a first pass that validates the file and counts the rows of each group, streaming
the groups in batches, writing and quarantining. `build` only sees raw rows, so the quarantine
can re-run it on stored rows later (`shopweave catalog quarantine retry`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from shopweave.catalog.importers.mapping import ColumnMapping
from shopweave.catalog.importers.source import SourceFile, read_csv, sample_rows, sniff_delimiter
from shopweave.catalog.importers.values import Issues
from shopweave.catalog.schemas import Customer, InventoryLevel, Order, Product
from shopweave.errors import ImportFormatError

Kind = Literal["products", "orders", "customers", "inventory"]
KINDS: tuple[Kind, ...] = ("products", "orders", "customers", "inventory")

Record = Product | Order | Customer | InventoryLevel


@dataclass
class RawRow:
    """One row (or feed item, or JSON object) as read, before any interpretation."""

    line: int | None
    data: dict[str, Any]
    problem: str | None = None
    """Set when the row cannot be read at all (too many cells): the row is rejected."""
    note: str | None = None
    """Set when reading the row needed a repair (missing trailing cells): reported."""


@dataclass(frozen=True)
class Sample:
    """The start of a file, for sniffing its format."""

    text: str
    delimiter: str
    rows: list[list[str]]

    @property
    def header(self) -> list[str]:
        """The first record, trimmed."""
        return [cell.strip().lstrip("\ufeff") for cell in self.rows[0]] if self.rows else []

    def has_columns(self, *names: str) -> bool:
        """Whether the first record names all of `names`."""
        header = set(self.header)
        return all(name in header for name in names)

    @classmethod
    def of(cls, text: str) -> Sample:
        """Sniff the delimiter and parse the first records of `text`."""
        delimiter = sniff_delimiter(text)
        return cls(text=text, delimiter=delimiter, rows=sample_rows(text, delimiter))


@dataclass
class ImportOptions:
    """What every importer may need besides the file."""

    currency: str = "USD"
    mapping: ColumnMapping | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Importer(ABC):
    """One input format for one kind of record."""

    format: ClassVar[str]
    kind: ClassVar[Kind]
    label: ClassVar[str]
    required_columns: ClassVar[tuple[str, ...]] = ()

    def __init__(self, source: SourceFile | None, options: ImportOptions, name: str | None = None) -> None:
        self.source = source
        self.options = options
        self.name = name if name is not None else (source.name if source else "<quarantine>")

    @classmethod
    @abstractmethod
    def sniff(cls, sample: Sample) -> bool:
        """Whether a file starting with `sample` is in this format."""

    def check(self, sample: Sample) -> None:
        """Raise ImportFormatError when the file is not in this format (before any row is read)."""
        missing = [c for c in self.required_columns if c not in sample.header]
        if missing:
            raise ImportFormatError(
                f"{self.name} is not a {self.label} file: the columns {', '.join(missing)} are missing "
                f"(found: {', '.join(sample.header[:12]) or 'nothing'}). Pick the right --format or add a --mapping"
            )

    @abstractmethod
    def rows(self) -> Iterator[RawRow]:
        """Every row of the file, in file order, with its line."""

    def observe(self, row: RawRow) -> None:
        """Called for every row during the first pass (to learn ids that `group_key` needs)."""
        del row  # nothing to learn by default

    def group_key(self, row: RawRow) -> str | None:
        """Rows with the same key are built together; None means the row stands alone."""
        return None

    @abstractmethod
    def build(self, rows: list[RawRow], issues: Issues) -> list[Record]:
        """Records from one group of rows; bad rows are reported to `issues` and skipped."""

    def retry_options(self) -> dict[str, Any]:
        """What the quarantine must keep besides the rows to rebuild them later."""
        return {}


class CsvImporter(Importer):
    """Importers of delimited text with one header record."""

    delimiter: ClassVar[str | None] = None
    preamble_rows: ClassVar[int] = 0

    def _delimiter(self) -> str:
        if self.delimiter is not None:
            return self.delimiter
        assert self.source is not None
        return sniff_delimiter(self.source.sample())

    def header_from(self, records: list[list[str]]) -> list[str]:
        """The column names, given the first records of the file (after the preamble)."""
        return [cell.strip().lstrip("\ufeff") for cell in records[0]]

    def rows(self) -> Iterator[RawRow]:
        assert self.source is not None
        header: list[str] | None = None
        last: RawRow | None = None
        skipped = 0
        for line, cells in read_csv(self.source, self._delimiter()):
            if skipped < self.preamble_rows:
                skipped += 1
                continue
            if header is None:
                header = self.header_from([cells])
                continue
            row = RawRow(line=line, data=dict(zip(header, cells, strict=False)))
            if len(cells) > len(header):
                extra = [c for c in cells[len(header) :] if c.strip()]
                if extra:
                    row.problem = (
                        f"the row has {len(cells)} cells but the header has {len(header)}; "
                        "a delimiter inside an unquoted value probably shifted the columns"
                    )
            elif len(cells) < len(header):
                row.data.update(dict.fromkeys(header[len(cells) :], ""))
                row.note = f"the row has {len(cells)} of {len(header)} cells; the missing trailing cells were read as empty"
            if last is not None:
                yield last
            last = row
        if header is None:
            raise ImportFormatError(f"{self.name}: no header row; nothing to import")
        if last is not None:
            if last.note and not self.source.ends_with_newline():
                raise ImportFormatError(
                    f"{self.name}, line {last.line}: the file ends in the middle of a row (it looks truncated); "
                    "export it again. Nothing was imported"
                )
            yield last
