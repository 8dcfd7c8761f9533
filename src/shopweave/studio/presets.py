"""Output presets: the built-in marketplace presets and custom ones from YAML.

A preset says what the finished image looks like: canvas size, background (colour, vertical
gradient or image), how much of the frame the product fills, padding and alignment, shadow and
reflection, finishing (white balance, exposure, batch consistency, sharpening) and the output
format. `channel` names the rule set the compliance gate checks the output against (see
`audit.py`).

A YAML file holds one preset; unknown keys are errors so typos do not pass silently::

    name: catalog-grey
    base: shopify            # optional: start from a built-in
    canvas: {width: 1600, height: 1600}
    background: {kind: gradient, colour: [250, 250, 250], colour2: [225, 225, 225]}
    fill: 0.8
    shadow: {kind: drop, direction: 135, softness: 0.04, intensity: 0.35, distance: 0.02}
    format: jpeg
    quality: 92
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shopweave.studio.errors import PresetError

Colour = tuple[int, int, int]


class Canvas(BaseModel):
    """Output size in pixels."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    width: int = Field(ge=16, le=10_000, description="Width in pixels.", examples=[2000])
    height: int = Field(ge=16, le=10_000, description="Height in pixels.", examples=[2000])


class Background(BaseModel):
    """What the product is placed on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["colour", "gradient", "image", "transparent"] = Field(
        default="colour",
        description="Plain colour, vertical gradient, an image file, or none.",
        examples=["colour"],
    )
    colour: Colour = Field(
        default=(255, 255, 255), description="RGB colour (top of a gradient).", examples=[(255, 255, 255)]
    )
    colour2: Colour | None = Field(
        default=None, description="Bottom colour of a gradient.", examples=[(230, 230, 230)]
    )
    image: Path | None = Field(
        default=None, description="Background image file (kind=image).", examples=["bg.jpg"]
    )


class Shadow(BaseModel):
    """A shadow under the product. Sizes are fractions of the product's height."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["none", "contact", "drop"] = Field(
        default="none", description="Shadow style.", examples=["contact"]
    )
    direction: float = Field(
        default=90.0, description="Drop-shadow direction in degrees (90 = straight down).", examples=[135.0]
    )
    softness: float = Field(
        default=0.03, ge=0, le=0.5, description="Blur radius / product height.", examples=[0.03]
    )
    intensity: float = Field(
        default=0.35, ge=0, le=1, description="Darkness at the core (0–1).", examples=[0.35]
    )
    distance: float = Field(
        default=0.02, ge=0, le=0.5, description="Drop-shadow offset / product height.", examples=[0.02]
    )


class Preset(BaseModel):
    """Everything that decides how a finished image looks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="Preset name.", examples=["amazon-main"])
    channel: Literal["amazon", "shopify", "etsy", "ebay", "google", "none"] = Field(
        default="none", description="Rule set the compliance gate applies.", examples=["amazon"]
    )
    main_image: bool = Field(
        default=False, description="Main-image rules (pure white background).", examples=[True]
    )
    canvas: Canvas | None = Field(
        default=None,
        description="Fixed output size; None keeps the product's aspect with `longest_side`.",
        examples=[{"width": 2000, "height": 2000}],
    )
    longest_side: int = Field(
        default=2000, ge=16, le=10_000, description="Longest side when canvas is None.", examples=[2000]
    )
    background: Background = Field(
        default_factory=Background, description="Background.", examples=[{"kind": "colour"}]
    )
    fill: float = Field(
        default=0.85, gt=0, le=1, description="Product size / frame on its limiting axis.", examples=[0.88]
    )
    padding: float = Field(
        default=0.0,
        ge=0,
        lt=0.5,
        description="Margin kept free on each side, as a fraction.",
        examples=[0.02],
    )
    alignment: Literal["center", "bottom"] = Field(
        default="center", description="Product placement.", examples=["center"]
    )
    shadow: Shadow = Field(default_factory=Shadow, description="Shadow.", examples=[{"kind": "contact"}])
    reflection: float = Field(
        default=0.0, ge=0, le=1, description="Floor reflection opacity (0 = none).", examples=[0.0]
    )
    white_balance: bool = Field(
        default=True, description="Neutralise a colour cast measured on the background.", examples=[True]
    )
    exposure: bool = Field(
        default=True, description="Normalise exposure from the background's brightness.", examples=[True]
    )
    consistency: bool = Field(
        default=False,
        description=(
            "Batch consistency: every photo of a batch gets the collection's brightness and a neutral "
            "white point (replaces per-photo white balance and exposure)."
        ),
        examples=[True],
    )
    sharpen: float = Field(
        default=0.3, ge=0, le=2, description="Unsharp-mask amount after resizing.", examples=[0.3]
    )
    format: Literal["jpeg", "png", "webp"] = Field(
        default="jpeg", description="Output format.", examples=["jpeg"]
    )
    quality: int = Field(default=90, ge=1, le=100, description="JPEG/WebP quality.", examples=[90])

    @property
    def extension(self) -> str:
        """File extension for the output format."""
        return {"jpeg": ".jpg", "png": ".png", "webp": ".webp"}[self.format]


_WHITE = Background(kind="colour", colour=(255, 255, 255))
_CONTACT = Shadow(kind="contact", intensity=0.3, softness=0.03)

BUILTIN_PRESETS: dict[str, Preset] = {
    "amazon-main": Preset(
        name="amazon-main",
        channel="amazon",
        main_image=True,
        canvas=Canvas(width=2000, height=2000),
        background=_WHITE,
        fill=0.88,
        shadow=_CONTACT,
        format="jpeg",
        quality=90,
    ),
    "shopify": Preset(
        name="shopify",
        channel="shopify",
        canvas=Canvas(width=2048, height=2048),
        background=_WHITE,
        fill=0.85,
        shadow=_CONTACT,
        format="jpeg",
        quality=90,
    ),
    "etsy": Preset(
        name="etsy",
        channel="etsy",
        canvas=Canvas(width=2000, height=1600),
        background=Background(kind="colour", colour=(248, 248, 246)),
        fill=0.8,
        shadow=_CONTACT,
        format="jpeg",
        quality=90,
    ),
    "ebay": Preset(
        name="ebay",
        channel="ebay",
        canvas=Canvas(width=1600, height=1600),
        background=_WHITE,
        fill=0.85,
        shadow=_CONTACT,
        format="jpeg",
        quality=92,
    ),
    "google": Preset(
        name="google",
        channel="google",
        canvas=Canvas(width=1200, height=1200),
        background=_WHITE,
        fill=0.85,
        shadow=Shadow(kind="none"),
        format="jpeg",
        quality=90,
    ),
    "transparent": Preset(
        name="transparent",
        channel="none",
        canvas=None,
        longest_side=2000,
        background=Background(kind="transparent"),
        fill=0.95,
        shadow=Shadow(kind="none"),
        format="png",
        white_balance=False,
        exposure=False,
        sharpen=0.0,
    ),
}


def load_preset(name_or_path: str) -> Preset:
    """A built-in preset by name, or a custom one from a YAML file path."""
    if name_or_path in BUILTIN_PRESETS:
        return BUILTIN_PRESETS[name_or_path]
    path = Path(name_or_path)
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise PresetError(
            f"unknown preset {name_or_path!r}: use one of {', '.join(BUILTIN_PRESETS)} or a .yaml file."
        )
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PresetError(f"{path}: cannot read the preset file ({exc.strerror or exc}).") from None
    except yaml.YAMLError as exc:
        raise PresetError(f"{path}: not valid YAML ({exc}).") from None
    if not isinstance(raw, dict):
        raise PresetError(f"{path}: a preset file must be a mapping of settings.")
    base_name = raw.pop("base", None)
    data: dict[str, object] = {}
    if base_name is not None:
        if base_name not in BUILTIN_PRESETS:
            raise PresetError(f"{path}: base {base_name!r} is not a built-in preset.")
        data = BUILTIN_PRESETS[base_name].model_dump()
    data.update(raw)
    data["name"] = raw.get("name", path.stem)
    try:
        return Preset.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise PresetError(f"{path}: {problems}") from None
