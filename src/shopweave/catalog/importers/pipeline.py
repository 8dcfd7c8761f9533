"""Running an import: check every file first, then stream groups of rows in batches.

1. Every file is opened, its format detected (or checked against `--format`) and read once
   without storing anything: malformed or truncated files raise ImportFormatError here, so a
   bad file leaves the store exactly as it was. This pass also counts the rows of each group
   (a Shopify handle, a WooCommerce parent and its variations), which is what keeps the second
   pass's memory flat: a group is built as soon as its last row has been read.
2. The rows are read again and built into records; every `import_batch_size` rows are written
   in one transaction together with the rows rejected in that batch (the quarantine).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from shopweave.catalog.importers.base import Importer, ImportOptions, RawRow
from shopweave.catalog.importers.registry import detect
from shopweave.catalog.importers.report import ImportReport
from shopweave.catalog.importers.source import SourceFile, inspect_file
from shopweave.catalog.importers.values import Issues
from shopweave.catalog.importers.writer import (
    Batch,
    Quarantined,
    open_quarantine_keys,
    raw_of,
    write_quarantine,
    write_records,
)
from shopweave.catalog.store import Database

Progress = Callable[[int, int], None]
"""Called with (rows done, rows in all files)."""


@dataclass
class FilePlan:
    """A checked file, ready to import."""

    source: SourceFile
    importer: Importer
    group_sizes: Counter[str]
    rows: int


def plan_file(path: Path, *, format: str, kind: str, options: ImportOptions) -> FilePlan:
    """Detect and fully validate one file without storing anything."""
    source = inspect_file(path)
    importer = detect(source, format=format, kind=kind, options=options)
    sizes: Counter[str] = Counter()
    rows = 0
    for row in importer.rows():
        rows += 1
        importer.observe(row)
        key = importer.group_key(row)
        if key is not None:
            sizes[key] += 1
    return FilePlan(source=source, importer=importer, group_sizes=sizes, rows=rows)


def groups(importer: Importer, sizes: Counter[str]) -> Iterator[list[RawRow]]:
    """Rows in groups, each yielded as soon as its last row is read."""
    pending: dict[str, list[RawRow]] = {}
    for row in importer.rows():
        key = importer.group_key(row)
        if key is None:
            yield [row]
            continue
        bucket = pending.setdefault(key, [])
        bucket.append(row)
        if len(bucket) >= sizes.get(key, 0):
            del pending[key]
            yield bucket
    yield from pending.values()


def build_group(importer: Importer, rows: list[RawRow], issues: Issues, batch: Batch) -> None:
    """Build one group into `batch`: its records, and its rejected rows for the quarantine."""
    start = len(issues.rejections)
    usable = []
    for row in rows:
        if row.problem:
            issues.reject(row.line, None, row.problem)
            continue
        if row.note:
            issues.repair(row.line, None, None, None, row.note)
        usable.append(row)
    if usable:
        batch.records.extend(importer.build(usable, issues))
    rejected = issues.rejections[start:]
    if rejected:
        raw = raw_of(importer.kind, rows, importer.retry_options())
        batch.quarantined.extend(Quarantined(rejection=r, format=importer.format, raw=raw) for r in rejected)
    batch.rows += len(rows)


def import_files(
    database: Database,
    paths: Sequence[Path],
    *,
    format: str = "auto",
    kind: str = "auto",
    options: ImportOptions,
    batch_size: int = 500,
    progress: Progress | None = None,
) -> ImportReport:
    """Import `paths` into `database`; see the module docstring for the guarantees."""
    plans = [plan_file(path, format=format, kind=kind, options=options) for path in paths]
    total = sum(plan.rows for plan in plans)
    report = ImportReport()
    done = 0
    for plan in plans:
        importer = plan.importer
        report.files.append((plan.source.name, importer.format, importer.kind))
        issues = Issues(plan.source.name)
        if plan.source.encoding_note:
            issues.repair(plan.source.encoding_note_line, None, None, None, plan.source.encoding_note)
        with database.transaction() as session:
            known = open_quarantine_keys(session, plan.source.name)
        batch = Batch()
        for group in groups(importer, plan.group_sizes):
            build_group(importer, group, issues, batch)
            if batch.rows >= batch_size:
                _flush(database, batch, report, known)
                done += batch.rows
                batch = Batch()
                if progress:
                    progress(done, total)
        if batch or batch.rows:
            _flush(database, batch, report, known)
            done += batch.rows
            if progress:
                progress(done, total)
        report.rows += plan.rows
        report.repaired.extend(issues.repairs)
        report.rejected.extend(issues.rejections)
    return report


def _flush(
    database: Database, batch: Batch, report: ImportReport, known: set[tuple[int, str | None, str]]
) -> None:
    with database.transaction() as session:
        if batch.records:
            write_records(session, batch.records, report)
        if batch.quarantined:
            write_quarantine(session, batch.quarantined, known)
