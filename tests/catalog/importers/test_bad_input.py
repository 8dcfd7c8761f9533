"""Files that are not what they claim, or are cut short, stop the import before anything is
stored; a bad row is quarantined while every good row is imported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from shopweave.catalog.importers import ImportReport, load_mapping
from shopweave.catalog.store import Database, get_product
from shopweave.errors import ImportFormatError, MappingError

Run = Callable[..., ImportReport]
Counts = Callable[[Database], dict[str, int]]

SHOPIFY_HEADER = (
    "Handle,Title,Body (HTML),Vendor,Option1 Name,Option1 Value,Variant SKU,Variant Price,Image Src\n"
)
SHOPIFY_ROWS = (
    "tee,Tee,<p>Soft</p>,Acme,Size,S,TEE-S,10.00,https://img.example.com/tee.jpg\n"
    "tee,,,,,M,TEE-M,10.00,\n"
    "mug,Mug,,Acme,Title,Default Title,MUG,8.50,\n"
)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def seeded(database: Database, data: Path, run: Run) -> Database:
    """A store that already holds the Amazon fixture, so we can check it is left untouched."""
    run(database, data / "amazon_flat.txt")
    return database


@pytest.mark.parametrize(
    ("name", "text", "format", "message"),
    [
        pytest.param(
            "woo.csv",
            "ID,Type,SKU,Name,Regular price\n1,simple,S1,Shirt,10\n",
            "shopify-csv",
            "is not a Shopify product CSV file: the columns Handle, Title are missing",
            id="woocommerce-as-shopify",
        ),
        pytest.param(
            "quote.csv",
            SHOPIFY_HEADER + SHOPIFY_ROWS + 'cup,"Cup with an unterminated description\n',
            "auto",
            "line 5: not valid CSV",
            id="cut-inside-a-quoted-cell",
        ),
        pytest.param(
            "short.csv",
            SHOPIFY_HEADER + SHOPIFY_ROWS + "cup,Cup,<p>Stone",
            "auto",
            "line 5: the file ends in the middle of a row",
            id="cut-mid-row",
        ),
        pytest.param(
            "cut.json",
            '{"products": [{"handle": "a", "title": "A", "variants": [{"price": "1"}]}, {"handle": "b"',
            "auto",
            "line 1: not valid JSON",
            id="truncated-json",
        ),
        pytest.param(
            "cut.xml",
            '<?xml version="1.0"?>\n<rss xmlns:g="http://base.google.com/ns/1.0"><channel>\n'
            "<item><g:id>1</g:id><g:title>A</g:title><g:price>1 USD</g:price></item>\n<item><g:id>2",
            "auto",
            "line 4: not well-formed XML",
            id="truncated-xml",
        ),
        pytest.param(
            "laughs.xml",
            '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n'
            '<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>&lol2;</g:id></item></channel></rss>\n',
            "google-feed",
            "declares a DTD or entities",
            id="xml-entities",
        ),
        pytest.param(
            "notes.csv", "note,author\nhello,me\n", "auto", "cannot tell what this file is", id="unknown-csv"
        ),
        pytest.param(
            "feed.json",
            '{"items": []}',
            "shopify-json",
            "is not a Shopify products.json",
            id="json-not-shopify",
        ),
        pytest.param(
            "flat.txt",
            "sku\tprice\nA\t1\n",
            "amazon-flatfile",
            "is not an Amazon flat file",
            id="tsv-as-amazon",
        ),
    ],
)
def test_a_file_that_is_not_what_it_claims_changes_nothing(
    seeded: Database,
    tmp_path: Path,
    run: Run,
    counts: Counts,
    name: str,
    text: str,
    format: str,
    message: str,
) -> None:
    # given a store with products and a bad file
    before = counts(seeded)
    path = _write(tmp_path / name, text)
    # when it is imported, then the error names the file and the problem, and nothing changed
    with pytest.raises(ImportFormatError, match=message) as error:
        run(seeded, path, format=format)
    assert str(path) in error.value.message
    assert counts(seeded) == before


def test_a_bad_file_among_several_stops_all_of_them_before_anything_is_stored(
    seeded: Database, tmp_path: Path, data: Path, run: Run, counts: Counts
) -> None:
    before = counts(seeded)
    bad = _write(tmp_path / "short.csv", SHOPIFY_HEADER + "cup,Cup,<p>Stone")
    with pytest.raises(ImportFormatError, match=r"short\.csv"):
        run(seeded, data / "google_atom.xml", bad)
    assert counts(seeded) == before


def test_bad_rows_are_quarantined_and_every_good_row_is_imported(
    database: Database, tmp_path: Path, run: Run, counts: Counts
) -> None:
    # given a file with a bad price on a variant row, a row with too many cells and a bad head row
    path = _write(
        tmp_path / "mixed.csv",
        SHOPIFY_HEADER
        + "tee,Tee,<p>Soft</p>,Acme,Size,S,TEE-S,10.00,https://img.example.com/tee.jpg\n"
        + "tee,,,,,M,TEE-M,ten,\n"
        + "tee,,,,,L,TEE-L,10.00,,surplus\n"
        + "tee,,,,,XL,TEE-XL,11.00,\n"
        + "cup,Cup,,Acme,Title,Default Title,CUP,-,\n"
        + "mug,Mug,,Acme,Title,Default Title,MUG,8.50,\n",
    )
    # when it is imported in batches of one row
    report = run(database, path, batch_size=1)
    # then the bad rows are rejected with line, field and reason, and the rest is stored
    assert [(r.line, r.field, r.reason) for r in report.rejected] == [
        (
            4,
            None,
            "the row has 10 cells but the header has 9; a delimiter inside an unquoted value probably shifted the columns",
        ),
        (3, "Variant Price", "'ten' is not a number"),
        (6, "Variant Price", "'-' is not a number; product 'cup' was not imported"),
    ]
    with database.transaction() as session:
        tee = get_product(session, "tee")
    assert [v.sku for v in tee.variants] == ["TEE-S", "TEE-XL"]
    stored = counts(database)
    assert (stored["products"], stored["variants"], stored["images"], stored["quarantine"]) == (2, 3, 1, 3)


def test_missing_trailing_cells_are_read_as_empty_and_reported(
    database: Database, tmp_path: Path, run: Run
) -> None:
    path = _write(tmp_path / "trimmed.csv", SHOPIFY_HEADER + "mug,Mug,,Acme,Title,Default Title,MUG,8.50\n")
    report = run(database, path)
    assert report.products == 1
    assert [(r.line, r.reason) for r in report.repaired] == [
        (2, "the row has 8 of 9 cells; the missing trailing cells were read as empty")
    ]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        pytest.param(
            "kind: products\ncolumns: {handle: SKU, title: Name, price: Cost}\n", "Cost", id="missing-column"
        ),
        pytest.param(
            "kind: products\ncolumns: {handle: SKU, titel: Name}\n",
            "'titel' is not a products field",
            id="typo",
        ),
        pytest.param("kind: gadgets\ncolumns: {}\n", "kind must be one of", id="bad-kind"),
        pytest.param(
            "kind: products\ncolumns: {title: Name, price: Price}\n",
            "map a column to handle or sku",
            id="no-key",
        ),
        pytest.param("kind: [products\n", "is not valid YAML", id="bad-yaml"),
    ],
)
def test_a_bad_mapping_is_a_clear_error_and_changes_nothing(
    seeded: Database, tmp_path: Path, run: Run, counts: Counts, mapping: str, message: str
) -> None:
    before = counts(seeded)
    csv_path = _write(tmp_path / "items.csv", "SKU,Name,Price\nA-1,Apple,1.00\n")
    mapping_path = _write(tmp_path / "mapping.yaml", mapping)
    with pytest.raises(MappingError, match=message):
        run(seeded, csv_path, mapping=load_mapping(mapping_path))
    assert counts(seeded) == before
