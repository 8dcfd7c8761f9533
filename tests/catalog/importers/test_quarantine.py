"""The quarantine: rejected rows are kept once, listed, and retried after a fix."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from shopweave.catalog.importers import ColumnMapping, ImportReport, list_quarantine, retry_quarantine
from shopweave.catalog.store import Database, get_product
from shopweave.errors import NotFoundError

Run = Callable[..., ImportReport]
Counts = Callable[[Database], dict[str, int]]

ITEMS = "SKU;Name;Price;Brand\nA-1;Apple;1,50;Orchard\nB-2;Pear;2,00;Orchard\nC-3;Plum;n/a;Orchard\n"


def _mapping(price_column: str) -> ColumnMapping:
    return ColumnMapping(
        kind="products",
        delimiter=";",
        columns={"handle": "SKU", "sku": "SKU", "title": "Name", "price": price_column},
        defaults={"currency": "EUR"},
    )


def test_rejected_rows_are_listed_and_a_reimport_does_not_duplicate_them(
    database: Database, tmp_path: Path, run: Run, counts: Counts
) -> None:
    path = tmp_path / "items.csv"
    path.write_text(ITEMS, encoding="utf-8")
    run(database, path, mapping=_mapping("Price"))
    after_first = counts(database)
    run(database, path, mapping=_mapping("Price"))
    entries = list_quarantine(database)
    assert [(e.file, e.line, e.field, e.reason, e.format) for e in entries] == [
        (str(path), 4, "Price", "'n/a' is not a number; product 'C-3' was not imported", "csv")
    ]
    assert counts(database) == after_first
    assert after_first["products"] == 2


def test_retry_with_a_corrected_mapping_imports_the_quarantined_rows(
    database: Database, tmp_path: Path, run: Run, counts: Counts
) -> None:
    # given a file imported with the wrong column mapped to the price: every row is rejected
    path = tmp_path / "items.csv"
    path.write_text(ITEMS.replace(";n/a;", ";3,00;"), encoding="utf-8")
    first = run(database, path, mapping=_mapping("Brand"))
    assert [r.field for r in first.rejected] == ["Brand", "Brand", "Brand"]
    assert counts(database)["products"] == 0
    # when the quarantine is retried with the corrected mapping
    report, resolved = retry_quarantine(database, mapping=_mapping("Price"), currency="USD")
    # then the rows are imported and the entries resolved
    assert len(resolved) == 3
    assert (report.products, report.variants, report.rejected) == (3, 3, [])
    with database.transaction() as session:
        apple = get_product(session, "A-1")
    assert apple.variants[0].price.amount == Decimal("1.50")
    assert apple.variants[0].price.currency == "EUR"
    assert list_quarantine(database) == []
    assert [e.id for e in list_quarantine(database, include_resolved=True)] == resolved


def test_retry_without_a_fix_keeps_the_entry_open(
    database: Database, tmp_path: Path, run: Run, counts: Counts
) -> None:
    path = tmp_path / "items.csv"
    path.write_text(ITEMS, encoding="utf-8")
    run(database, path, mapping=_mapping("Price"))
    before = counts(database)
    report, resolved = retry_quarantine(database)
    assert resolved == []
    assert [(r.line, r.field) for r in report.rejected] == [(4, "Price")]
    assert [e.line for e in list_quarantine(database)] == [4]
    assert counts(database) == before


def test_retrying_a_quarantined_shopify_row_rebuilds_the_whole_product(
    database: Database, tmp_path: Path, run: Run
) -> None:
    path = tmp_path / "products.csv"
    path.write_text(
        "Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price\n"
        "tee,Tee,Size,S,TEE-S,10.00\n"
        "tee,,,M,TEE-M,ten\n",
        encoding="utf-8",
    )
    run(database, path)
    [entry] = list_quarantine(database)
    report, resolved = retry_quarantine(database, [entry.id])
    assert resolved == []
    assert [(r.line, r.field) for r in report.rejected] == [(3, "Variant Price")]
    with database.transaction() as session:
        assert [v.sku for v in get_product(session, "tee").variants] == ["TEE-S"]


def test_retrying_an_unknown_id_names_it(database: Database) -> None:
    with pytest.raises(NotFoundError, match="no open quarantine entry with id 999"):
        retry_quarantine(database, [999])
