import io

import numpy as np
import pytest
from PIL import Image

from shopweave.demo import PhotoSpec, Variety, render_photo
from shopweave.demo.shapes import SHAPES


def _render(variety: Variety, shape: str = "mug", size: int = 400) -> tuple[np.ndarray, np.ndarray]:
    photo = render_photo(
        PhotoSpec(shape=shape, colour=(30, 90, 160), variety=variety, width=size, height=size, seed=3)
    )
    picture = np.asarray(Image.open(io.BytesIO(photo.jpeg)).convert("RGB")).astype(int)
    mask = np.asarray(Image.open(io.BytesIO(photo.mask_png)))
    return picture, mask


@pytest.mark.parametrize("shape", sorted(SHAPES), ids=sorted(SHAPES))
def test_every_shape_draws_a_binary_mask_inside_the_frame(shape: str) -> None:
    _picture, mask = _render(Variety.STUDIO_WHITE, shape)
    assert set(np.unique(mask).tolist()) == {0, 255}
    assert mask[0, :].max() == 0  # the product does not touch the top edge
    assert mask[-1, :].max() == 0  # nor the bottom one


def test_a_studio_white_photo_has_a_pure_white_corner_and_the_product_in_the_middle() -> None:
    picture, mask = _render(Variety.STUDIO_WHITE)
    assert picture[2, 2].tolist() == [255, 255, 255]
    ys, xs = np.nonzero(mask)
    assert abs((xs.min() + xs.max()) / 2 - 200) < 12
    assert abs((ys.min() + ys.max()) / 2 - 200) < 12


def test_an_off_centre_photo_keeps_the_product_small_and_away_from_the_centre() -> None:
    _picture, mask = _render(Variety.OFF_CENTRE)
    ys, xs = np.nonzero(mask)
    assert (mask == 255).mean() < 0.2
    assert max(abs(xs.mean() - 200), abs(ys.mean() - 200)) > 50


def test_a_colour_cast_tints_the_white_background() -> None:
    picture, mask = _render(Variety.COLOUR_CAST)
    background = picture[mask == 0]
    spread = background.mean(axis=0).max() - background.mean(axis=0).min()
    assert spread > 10


def test_a_cluttered_background_is_textured() -> None:
    picture, mask = _render(Variety.CLUTTERED)
    assert picture[mask == 0].std() > 20


def test_rendering_is_deterministic() -> None:
    spec = PhotoSpec(
        shape="ring", colour=(200, 160, 40), variety=Variety.CLUTTERED, width=300, height=300, seed=11
    )
    assert render_photo(spec) == render_photo(spec)
