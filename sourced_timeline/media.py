"""Image files that go with events (``data/media/``): read once by the checker, which makes
sure each is the image it claims to be, and served by the site at the same path, with its
width and height on every ``<img>`` (no layout shift)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from sourced_timeline.checks.data_set import BAD_MEDIA, MISSING_MEDIA
from sourced_timeline.problems import Code

MAX_MEDIA_BYTES = 5_000_000
"""The largest image file a record may name: a page should not make a phone fetch more."""
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
"""What Pillow calls the format each extension promises."""


@dataclass(frozen=True)
class MediaImage:
    """An image the site serves: its size in pixels and its bytes."""

    width: int
    height: int
    content: bytes


class MediaError(ValueError):
    """Why a media file cannot be served: absent, a link, too large, or not the image it claims."""

    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code = code


def read_image(data_dir: Path, relative: str) -> MediaImage:
    """The image at data_dir/RELATIVE, checked: a regular file (never through a link), at most
    MAX_MEDIA_BYTES, that Pillow reads as the format its extension names."""
    from PIL import Image, UnidentifiedImageError

    path = data_dir
    for part in Path(relative).parts:
        path = path / part
        if path.is_symlink():
            raise MediaError(BAD_MEDIA.code, f"data/{relative} is reached through a symbolic link")
    if not path.is_file():
        raise MediaError(MISSING_MEDIA.code, f"there is no file data/{relative}")
    content = path.read_bytes()
    if len(content) > MAX_MEDIA_BYTES:
        raise MediaError(
            BAD_MEDIA.code, f"data/{relative} is {len(content):,} bytes, more than {MAX_MEDIA_BYTES:,}"
        )
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            found, size = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise MediaError(BAD_MEDIA.code, f"data/{relative} is not a readable image file") from error
    expected = FORMATS[Path(relative).suffix]
    if found != expected:
        raise MediaError(
            BAD_MEDIA.code, f"data/{relative} holds a {found} image, not the {expected} its name says"
        )
    return MediaImage(size[0], size[1], content)
