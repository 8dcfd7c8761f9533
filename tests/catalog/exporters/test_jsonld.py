"""schema.org Product/Offer JSON-LD, one document per line."""

import json
from pathlib import Path

from shopweave.catalog.exporters import export_products
from shopweave.catalog.schemas import Product


def test_each_line_is_a_product_with_one_offer_per_variant(
    shirt: Product, hostile: Product, tmp_path: Path
) -> None:
    out = tmp_path / "products.jsonl"
    result = export_products([shirt, hostile], "jsonld", out, store_url="https://shop.example.com")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert (result.products, result.records, len(lines)) == (2, 2, 2)
    assert json.loads(lines[0]) == {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": "Organic Tee",
        "description": "Soft & organic.",
        "url": "https://shop.example.com/products/organic-tee",
        "image": [
            "https://cdn.example.com/tee.jpg",
            "https://cdn.example.com/tee-blue.jpg",
            "https://cdn.example.com/tee-back.jpg",
        ],
        "brand": {"@type": "Brand", "name": "Acme"},
        "mpn": "ACME-1",
        "category": "Apparel & Accessories > Clothing > Shirts & Tops",
        "productID": "organic-tee",
        "offers": [
            {
                "@type": "Offer",
                "name": "Green / S",
                "sku": "TEE-GRN-S",
                "gtin": "4006381333931",
                "price": "25.00",
                "priceCurrency": "USD",
                "availability": "https://schema.org/InStock",
                "itemCondition": "https://schema.org/NewCondition",
                "url": "https://shop.example.com/products/organic-tee?variant=TEE-GRN-S",
            },
            {
                "@type": "Offer",
                "name": "Blue / S",
                "sku": "TEE-BLU-S",
                "price": "25.00",
                "priceCurrency": "USD",
                "availability": "https://schema.org/BackOrder",
                "itemCondition": "https://schema.org/NewCondition",
                "url": "https://shop.example.com/products/organic-tee?variant=TEE-BLU-S",
            },
        ],
    }
    second = json.loads(lines[1])
    assert (second["sku"], second["offers"][0]["availability"], "url" in second) == (
        "-SKU",
        "https://schema.org/OutOfStock",
        True,
    )


def test_without_a_store_url_documents_have_no_urls(shirt: Product, tmp_path: Path) -> None:
    out = tmp_path / "products.jsonl"
    export_products([shirt], "jsonld", out)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert "url" not in document
    assert [o.get("url") for o in document["offers"]] == [None, None]
