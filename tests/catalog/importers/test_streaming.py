"""Streaming: a group of rows is built as soon as its last row is read, so memory stays flat."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from shopweave.catalog.importers import ImportOptions, RawRow
from shopweave.catalog.importers.pipeline import groups, plan_file

HEADER = "Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price\n"


def _rows(handles: list[str]) -> str:
    return HEADER + "".join(f"{h},{h.title()},Size,S{i},{h}-{i},1.00\n" for i, h in enumerate(handles))


def test_the_first_group_is_yielded_after_reading_only_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(_rows([f"p{n}" for n in range(300) for _ in range(3)]), encoding="utf-8")
    plan = plan_file(path, format="auto", kind="auto", options=ImportOptions())
    read: list[int | None] = []
    original = plan.importer.rows

    def counting() -> Iterator[RawRow]:
        for row in original():
            read.append(row.line)
            yield row

    plan.importer.rows = counting  # type: ignore[method-assign]
    stream = groups(plan.importer, plan.group_sizes)
    first = next(stream)
    assert [r.line for r in first] == [2, 3, 4]
    assert read == [2, 3, 4]
    assert plan.rows == 900
    assert sum(1 for _ in stream) == 299


def test_rows_of_a_handle_split_across_the_file_still_form_one_group(tmp_path: Path) -> None:
    path = tmp_path / "split.csv"
    path.write_text(_rows(["a", "b", "a"]), encoding="utf-8")
    plan = plan_file(path, format="auto", kind="auto", options=ImportOptions())
    assert [[r.line for r in g] for g in groups(plan.importer, plan.group_sizes)] == [[3], [2, 4]]
