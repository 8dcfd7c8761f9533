"""Opening import files: encoding and byte-order marks, a sample for sniffing, CSV rows with lines.

Files are never read whole: CSV is read record by record, and the encoding is checked by
streaming the bytes once.
"""

from __future__ import annotations

import codecs
import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from shopweave.errors import ImportFormatError

SAMPLE_BYTES = 64 * 1024
_CHUNK = 1024 * 1024

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class SourceFile:
    """An import file with its detected text encoding."""

    path: Path
    name: str
    encoding: str
    encoding_note: str | None = None
    encoding_note_line: int | None = None

    def open(self) -> TextIO:
        """The file as text (universal newlines left to the CSV reader)."""
        return self.path.open(encoding=self.encoding, newline="")

    def sample(self) -> str:
        """The first 64 KiB as text, for sniffing."""
        with self.path.open("rb") as raw:
            data = raw.read(SAMPLE_BYTES)
        return data.decode(self.encoding, errors="ignore")

    def ends_with_newline(self) -> bool:
        """Whether the last byte is a line break (a missing one hints at truncation)."""
        size = self.path.stat().st_size
        if size == 0:
            return True
        with self.path.open("rb") as raw:
            raw.seek(size - 1)
            return raw.read(1) in (b"\n", b"\r")


def _first_bad_utf8(path: Path) -> int | None:
    """Line of the first byte that is not UTF-8, or None when the file is valid UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1
    with path.open("rb") as raw:
        while chunk := raw.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return lines + chunk.count(b"\n", 0, exc.start)
            lines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return lines
    return None


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as raw:
        try:
            while chunk := raw.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def inspect_file(path: Path) -> SourceFile:
    """Check that `path` is a readable text file and find its encoding.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read as
    such; a file that is not valid UTF-8 is read as Windows-1252 (or Latin-1) and that is
    reported as a repair, naming the first line that was not UTF-8.
    """
    name = str(path)
    if not path.is_file():
        raise ImportFormatError(f"{name}: no such file")
    with path.open("rb") as raw:
        head = raw.read(SAMPLE_BYTES)
    if not head.strip():
        raise ImportFormatError(f"{name}: the file is empty; nothing to import")
    if head.startswith(codecs.BOM_UTF8):
        return SourceFile(path, name, "utf-8-sig", "UTF-8 byte-order mark removed", 1)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return SourceFile(path, name, "utf-16", "UTF-16 file converted to UTF-8", 1)
    if b"\x00" in head:
        raise ImportFormatError(f"{name}: this is a binary file, not a CSV, JSON or XML export")
    bad_line = _first_bad_utf8(path)
    if bad_line is None:
        return SourceFile(path, name, "utf-8")
    encoding = "cp1252" if _decodes(path, "cp1252") else "latin-1"
    label = "Windows-1252" if encoding == "cp1252" else "Latin-1"
    return SourceFile(
        path,
        name,
        encoding,
        f"the file is not UTF-8 (first non-UTF-8 byte on line {bad_line}); read as {label}. "
        "Check accented characters, or re-export as UTF-8",
        bad_line,
    )


def sniff_delimiter(sample: str) -> str:
    """The most frequent of `,` `;` tab and `|` on the first line."""
    first = sample.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def sample_rows(sample: str, delimiter: str, limit: int = 4) -> list[list[str]]:
    """The first few records of a sample (a partial last record is dropped)."""
    lines = sample.splitlines(keepends=True)
    if len(sample) >= SAMPLE_BYTES - 4 and lines:
        lines = lines[:-1]
    rows: list[list[str]] = []
    try:
        for row in csv.reader(lines, delimiter=delimiter):
            if row:
                rows.append(row)
            if len(rows) >= limit:
                break
    except csv.Error:
        pass
    return rows


def read_csv(source: SourceFile, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each non-blank record; malformed CSV is an ImportFormatError."""
    with source.open() as text:
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        previous = 0
        try:
            for cells in reader:
                start = previous + 1
                previous = reader.line_num
                if not any(cells) or not any(cell.strip() for cell in cells):
                    continue
                yield start, cells
        except csv.Error as exc:
            raise ImportFormatError(
                f"{source.name}, line {previous + 1}: not valid CSV ({exc}). If the file was cut short, "
                "export it again; nothing was imported"
            ) from None
        except UnicodeDecodeError as exc:
            raise ImportFormatError(
                f"{source.name}: cannot be decoded as {source.encoding} ({exc})"
            ) from None
