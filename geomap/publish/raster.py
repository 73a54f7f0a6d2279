"""PNG from the map's SVG with resvg (a Rust renderer in a small wheel): no browser, no system Cairo.

The PNG carries its own credits as PNG text chunks (title, description, copyright, software, source) and its
resolution (300 dpi for print), so an image separated from its page still says where it came from. Text
chunks are UTF-8 (iTXt); characters a PNG text chunk cannot hold (NUL) are dropped.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from geomap.errors import GeomapError
from geomap.version import __version__

FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"))


def font_dirs() -> list[str]:
    """Folders holding fonts for the image's text; GeomapError (with the fix) when the machine has none."""
    found = [d for d in FONT_DIRS if Path(d).is_dir() and next(Path(d).rglob("*.[ot]tf"), None) is not None]
    if not found:
        raise GeomapError("no fonts for the PNG's text on this machine; on Debian: apt-get install fonts-dejavu-core")
    return found


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def text_chunk(keyword: str, value: str) -> bytes:
    """An iTXt chunk: keyword, no compression, no language, the text in UTF-8.

    >>> text_chunk("Title", "Kyiv")[4:8]
    b'iTXt'
    """
    return _chunk(
        b"iTXt", keyword.encode("latin-1") + b"\x00\x00\x00\x00\x00" + value.replace("\x00", "").encode("utf-8")
    )


def with_metadata(png: bytes, texts: dict[str, str], dpi: int) -> bytes:
    """``png`` with text chunks and its resolution put right after its header chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise GeomapError("the renderer did not return a PNG")
    ihdr_end = 8 + 4 + 4 + 13 + 4
    per_metre = round(dpi / 0.0254)
    extra = _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
    extra += b"".join(text_chunk(k, v) for k, v in texts.items() if v)
    return png[:ihdr_end] + extra + png[ihdr_end:]


def png_from_svg(svg: str, *, dpi: int = 96, texts: dict[str, str] | None = None) -> bytes:
    """The SVG drawn at ``dpi`` (96: one pixel a unit), with its credits as PNG metadata."""
    try:
        import resvg_py
    except ImportError:
        raise GeomapError("PNG output needs resvg-py: pip install resvg-py") from None
    try:
        png = bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=dpi / 96, font_dirs=font_dirs()))
    except ValueError as exc:
        raise GeomapError(f"the PNG could not be drawn ({exc})") from None
    meta = {"Software": f"geomap {__version__}", **(texts or {})}
    return with_metadata(png, meta, dpi)
