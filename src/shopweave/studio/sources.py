"""Where a product photo named in an action lives on this machine.

Actions name pictures the way the catalog records them: a local path, or the URL at which this
Shopweave serves a stored picture (`/images/<sha256>.<ext>`, optionally with a scheme and host),
which is what imported and demo products carry for pictures kept in the image store. Such a URL
is read from the content-addressed image store (the same hash is the same bytes, whichever host
served it); anything else is taken as a path. Nothing is downloaded.
"""

from __future__ import annotations

import re
from pathlib import Path

from shopweave.catalog.images import ImageStore
from shopweave.settings import Settings

STORE_URL = re.compile(r"^(?:https?://[^/]+)?/images/([0-9a-f]{64})(?:\.[A-Za-z0-9]+)?$")


def local_path(name: str, settings: Settings) -> Path:
    """The local file for the picture called `name` (which may not exist; reading it says so)."""
    match = STORE_URL.match(name)
    if match is not None:
        stored = ImageStore(settings.images_dir).find(match.group(1))
        if stored is not None:
            return stored
    return Path(name)
