"""Photos taken on site and the customer's signature: checked with Pillow
(a file that is not an image is refused, whatever its name), downscaled,
stripped of their metadata (a phone's photo carries its GPS position) and
kept in the private folder (core/private_files.py), like consent proofs: no
public route serves them."""

from __future__ import annotations

import base64
import binascii
import io

from PIL import Image, ImageOps, UnidentifiedImageError

from crm_app.core.errors import FieldError
from crm_app.core.private_files import PrivateFolder

MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_MAX_SIDE = 1600
THUMBNAIL_SIDE = 240
SIGNATURE_PREVIEW_SIDE = 480
MAX_SIGNATURE_BYTES = 2 * 1024 * 1024
PHOTOS = PrivateFolder("intervention-photos")
SIGNATURES = PrivateFolder("signatures")
# Pillow refuses larger images (a decompression bomb) with an error we report.
Image.MAX_IMAGE_PIXELS = 60_000_000


def _open_image(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise FieldError(
            "Ce fichier n'est pas une image (JPEG, PNG, HEIC exporté en JPEG…)."
        ) from None
    return image


def prepare_photo(data: bytes) -> tuple[bytes, int, int]:
    """The photo as stored: JPEG, upright, at most 1600 px a side, no metadata."""
    if not data:
        raise FieldError("Le fichier est vide.")
    if len(data) > MAX_PHOTO_BYTES:
        raise FieldError("La photo dépasse 10 Mo.")
    image = ImageOps.exif_transpose(_open_image(data)) or _open_image(data)
    image = image.convert("RGB")
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue(), image.width, image.height


def store_photo(data: bytes) -> tuple[str, int, int, int]:
    """(key, width, height, bytes) of the stored photo."""
    prepared, width, height = prepare_photo(data)
    return PHOTOS.store(prepared), width, height, len(prepared)


def read_photo(key: str) -> bytes:
    return PHOTOS.read(key)


def _small_data_url(folder: PrivateFolder, key: str, side: int, image_format: str) -> str:
    """A private image made small, as a data URL for the page (no route
    serves the files); "" when it is missing or unreadable."""
    try:
        image = _open_image(folder.read(key))
    except (FileNotFoundError, FieldError):
        return ""
    image.thumbnail((side, side))
    out = io.BytesIO()
    image.save(out, image_format, **({"quality": 75} if image_format == "JPEG" else {}))
    encoded = base64.b64encode(out.getvalue()).decode()
    return f"data:image/{image_format.lower()};base64,{encoded}"


def thumbnail_data_url(key: str) -> str:
    return _small_data_url(PHOTOS, key, THUMBNAIL_SIDE, "JPEG")


def discard_photo(key: str | None) -> None:
    PHOTOS.discard(key)


def signature_png(data_url: str) -> bytes:
    """The PNG drawn on the signature pad (a ``data:image/png;base64,`` URL);
    FieldError when it is not one or nothing was drawn."""
    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix):
        raise FieldError("Faites signer le client dans le cadre avant d'enregistrer.")
    try:
        data = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise FieldError("Signature illisible : recommencez.") from None
    if len(data) > MAX_SIGNATURE_BYTES:
        raise FieldError("Signature trop volumineuse.")
    image = _open_image(data)
    if image.format != "PNG":
        raise FieldError("Signature illisible : recommencez.")
    alpha = image.convert("RGBA").getchannel("A")
    if alpha.getbbox() is None:  # not one stroke
        raise FieldError("La signature est vide : faites signer le client dans le cadre.")
    return data


def store_signature(data_url: str) -> str:
    return SIGNATURES.store(signature_png(data_url))


def read_signature(key: str) -> bytes:
    return SIGNATURES.read(key)


def signature_data_url(key: str | None) -> str:
    """The kept signature, small, as a data URL for the page ("" when none)."""
    return _small_data_url(SIGNATURES, key, SIGNATURE_PREVIEW_SIDE, "PNG") if key else ""


def discard_signature(key: str | None) -> None:
    SIGNATURES.discard(key)
