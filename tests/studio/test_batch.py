"""Batches: bad inputs reported not fatal, resumable cache, provenance, compliance gate, workers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from shopweave.studio.batch import CACHE_FILE, REPORT_FILE, run_batch
from shopweave.studio.presets import Canvas, load_preset
from shopweave.studio.provenance import COMPOSITE, read_xmp
from tests.studio.images import cluttered_shot, jpeg_bytes, product_shot
from tests.studio.test_imageio import png_header_only

SMALL = load_preset("amazon-main").model_copy(update={"canvas": Canvas(width=600, height=600)})


def make_inputs(folder: Path) -> list[Path]:
    folder.mkdir()
    files = {
        "mug.jpg": jpeg_bytes(product_shot(size=(300, 400))[0]),
        "beige.jpg": jpeg_bytes(product_shot((236, 230, 220), size=(300, 400), seed=2)[0]),
        "truncated.jpg": jpeg_bytes(product_shot(size=(300, 400))[0])[:-900],
        "notes.txt": b"this is not an image\n",
        "bomb.png": png_header_only(30_000, 30_000),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in files] + [folder / "missing.jpg"]


def test_one_bad_image_never_stops_the_batch(tmp_path: Path) -> None:
    # given two good photos and four bad inputs
    inputs = make_inputs(tmp_path / "in")
    # when processed
    report = run_batch(inputs, SMALL, tmp_path / "out", model=None)
    # then the good ones are written, each bad one has a clear error, and the report is on disk
    by_name = {Path(item.input).name: item for item in report.images}
    assert by_name["mug.jpg"].status == "ok"
    assert by_name["beige.jpg"].status == "ok"
    assert {
        name: by_name[name].error["code"]
        for name in ("truncated.jpg", "notes.txt", "bomb.png", "missing.jpg")
    } == {  # type: ignore[index]
        "truncated.jpg": "studio.decode",
        "notes.txt": "studio.decode",
        "bomb.png": "studio.too_large",
        "missing.jpg": "studio.decode",
    }
    assert report.counts == {"ok": 2, "error": 4}
    saved = json.loads((tmp_path / "out" / REPORT_FILE).read_text())
    assert [Path(i["input"]).name for i in saved["images"]] == [p.name for p in inputs]
    assert set(by_name["mug.jpg"].timings_ms) == {"decode", "cutout", "render+gate", "encode"}
    assert [p.code for p in by_name["mug.jpg"].audit if p.severity == "error"] == []
    assert "image.too_small" in [p.code for p in by_name["mug.jpg"].audit]  # 600 px: under the zoom size
    assert by_name["mug.jpg"].fidelity is not None
    assert by_name["mug.jpg"].fidelity.ok


def test_outputs_carry_provenance(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in")[:1]
    report = run_batch(inputs, SMALL, tmp_path / "out", model=None)
    xmp = read_xmp(Path(report.images[0].outputs[0]).read_bytes())
    assert f'Iptc4xmpExt:DigitalSourceType="{COMPOSITE}"' in xmp
    assert 'xmp:CreatorTool="Shopweave ' in xmp
    assert "<rdf:li>cutout plain-background" in xmp
    assert "<rdf:li>background colour</rdf:li>" in xmp


def test_a_second_run_skips_unchanged_inputs_and_a_new_preset_redoes_them(tmp_path: Path) -> None:
    # given a finished batch
    inputs = make_inputs(tmp_path / "in")[:2]
    out = tmp_path / "out"
    first = run_batch(inputs, SMALL, out, model=None)
    written = Path(first.images[0].outputs[0])
    stamp = written.stat().st_mtime_ns
    # when it runs again unchanged
    second = run_batch(inputs, SMALL, out, model=None)
    # then nothing is redone
    assert [i.status for i in second.images] == ["skipped", "skipped"]
    assert written.stat().st_mtime_ns == stamp
    assert len(json.loads((out / CACHE_FILE).read_text())) == 2
    # and a changed input or preset is processed again
    inputs[0].write_bytes(jpeg_bytes(product_shot(size=(300, 400), seed=9)[0]))
    third = run_batch(inputs, SMALL.model_copy(update={"quality": 80}), out, model=None)
    assert [i.status for i in third.images] == ["ok", "ok"]


def test_a_low_confidence_cutout_goes_to_review_not_silently_out(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    busy = folder / "busy.jpg"
    busy.write_bytes(jpeg_bytes(cluttered_shot()))
    report = run_batch([busy], SMALL, tmp_path / "out", model=None)
    item = report.images[0]
    assert item.status == "review"
    assert Path(item.outputs[0]).parent == tmp_path / "out" / "review"
    assert item.review_reasons[0].startswith("cutout confidence 0.45")


@pytest.mark.slow
def test_two_workers_give_the_same_report_as_one(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in")
    one = run_batch(inputs, SMALL, tmp_path / "one", model=None, jobs=1)
    two = run_batch(inputs, SMALL, tmp_path / "two", model=None, jobs=2)
    assert [(i.status, i.error) for i in one.images] == [(i.status, i.error) for i in two.images]


def test_the_model_is_loaded_only_when_a_photo_needs_it(tmp_path: Path) -> None:
    # given a model file and a batch of plain-background photos
    from shopweave.studio import models
    from tests.studio.onnx_model import brightness_model

    model = tmp_path / "u2netp.onnx"
    model.write_bytes(brightness_model())
    inputs = make_inputs(tmp_path / "in")[:2]
    models._load.cache_clear()
    # when processed with the model available
    plain = run_batch(inputs, SMALL, tmp_path / "plain", model=model)
    loaded_for_plain = models._load.cache_info().currsize
    # then the plain photos never load it, and a cluttered one does
    busy = tmp_path / "busy.jpg"
    busy.write_bytes(jpeg_bytes(cluttered_shot()))
    run_batch([busy], SMALL, tmp_path / "busy", model=model)
    assert [item.method for item in plain.images] == ["plain-background", "plain-background"]
    assert loaded_for_plain == 0
    assert models._load.cache_info().currsize == 1


def test_identical_inputs_in_one_run_are_each_written(tmp_path: Path) -> None:
    # given two files with the same bytes
    folder = tmp_path / "in"
    folder.mkdir()
    data = jpeg_bytes(product_shot(size=(300, 400))[0])
    inputs = [folder / "a.jpg", folder / "b.jpg"]
    for path in inputs:
        path.write_bytes(data)
    # when processed in one run
    report = run_batch(inputs, SMALL, tmp_path / "out", model=None)
    # then both outputs exist (the cache only skips work of earlier runs) and the cache is saved
    assert [item.status for item in report.images] == ["ok", "ok"]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.jpg")) == ["a.jpg", "b.jpg"]
    cache = json.loads((tmp_path / "out" / CACHE_FILE).read_text())
    assert list(cache) == [report.images[0].cache_key]


FAULTS = """
import resource, sys
import numpy as np
if sys.argv[1] == "worker":
    from shopweave.studio.batch import _worker_init
    _worker_init()
for _ in range(3):
    np.ones(40_000_000, np.uint8)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    np.ones(40_000_000, np.uint8)
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the allocator tuning is for glibc on Linux")
def test_a_worker_reuses_freed_memory_instead_of_faulting_fresh_pages() -> None:
    # given a plain process and one set up as a batch worker, each allocating 40 MB arrays over and over
    def faults(kind: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", FAULTS, kind], capture_output=True, text=True, check=True
        )
        return int(done.stdout)

    # when their page faults are counted after warming up
    plain, worker = faults("plain"), faults("worker")
    # then the worker reuses its heap (no fresh pages) while the plain process keeps faulting
    assert worker < 100
    assert plain > 1000
