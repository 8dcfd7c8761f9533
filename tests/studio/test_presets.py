"""Presets: built-ins, custom YAML, and errors that name the file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopweave.studio.errors import PresetError
from shopweave.studio.presets import BUILTIN_PRESETS, load_preset


def test_the_built_in_presets_follow_the_channel_rules() -> None:
    amazon = load_preset("amazon-main")
    assert (amazon.canvas.width, amazon.canvas.height) == (2000, 2000)  # type: ignore[union-attr]
    assert amazon.background.colour == (255, 255, 255)
    assert amazon.fill >= 0.85
    assert amazon.format == "jpeg"
    assert load_preset("ebay").quality >= 90
    assert load_preset("transparent").format == "png"
    assert sorted(BUILTIN_PRESETS) == ["amazon-main", "ebay", "etsy", "google", "shopify", "transparent"]


def test_a_custom_preset_starts_from_a_base(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(
        "base: shopify\nfill: 0.7\nbackground: {kind: gradient, colour: [250, 250, 250], colour2: [220, 220, 220]}\n"
    )
    preset = load_preset(str(path))
    assert preset.name == "catalog"
    assert preset.fill == 0.7
    assert preset.background.colour2 == (220, 220, 220)
    assert preset.canvas == BUILTIN_PRESETS["shopify"].canvas


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fil: 0.8\n", "fil: Extra inputs are not permitted"),
        ("fill: 2\n", "fill: Input should be less than or equal to 1"),
        ("base: nowhere\n", "base 'nowhere' is not a built-in preset"),
        ("- a\n- b\n", "must be a mapping"),
        ("fill: [\n", "not valid YAML"),
    ],
    ids=["typo", "out-of-range", "unknown-base", "not-a-mapping", "bad-yaml"],
)
def test_an_invalid_preset_file_names_the_file_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(PresetError) as raised:
        load_preset(str(path))
    assert raised.value.message.startswith(f"{path}: ")
    assert message in raised.value.message


def test_an_unknown_preset_name_lists_the_choices() -> None:
    with pytest.raises(PresetError) as raised:
        load_preset("amazon")
    assert raised.value.message == (
        "unknown preset 'amazon': use one of amazon-main, shopify, etsy, ebay, google, transparent or a .yaml file."
    )


def test_batch_consistency_is_a_preset_option(tmp_path: Path) -> None:
    # given a YAML preset that turns batch consistency on
    path = tmp_path / "collection.yaml"
    path.write_text("base: amazon-main\nconsistency: true\n", encoding="utf-8")
    # when loaded
    preset = load_preset(str(path))
    # then it is on there and off in every built-in preset
    assert preset.consistency is True
    assert preset.name == "collection"
    assert [p.consistency for p in BUILTIN_PRESETS.values()] == [False] * len(BUILTIN_PRESETS)
