"""`/images/{hash}.{ext}`: pictures from the content-addressed image store."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from shopweave.catalog.images import EXTENSIONS
from shopweave.errors import NotFoundError
from shopweave.gateway.deps import Images

router = APIRouter(tags=["images"])

_MEDIA = dict(EXTENSIONS.values())


@router.get(
    "/images/{name}",
    response_class=FileResponse,
    summary="A stored image",
    responses={200: {"content": {m: {} for m in _MEDIA.values()}, "description": "The image bytes."}},
)
def read_image(name: str, images: Images) -> FileResponse:
    """The stored file named `<content hash>.<extension>`; cacheable forever (content-addressed)."""
    content_hash, _, extension = name.partition(".")
    path = images.find(content_hash)
    if path is None or (extension and path.suffix != f".{extension}"):
        raise NotFoundError(f"no image {name} in the image store")
    return FileResponse(
        path,
        media_type=_MEDIA[path.suffix[1:]],
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )
