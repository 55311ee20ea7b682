"""Turn an X window dump (``xwd -root``) of a TrueColor screen into a PNG, with the standard library only.

Xvfb screens of depth 24 dump as ZPixmap with 24 or 32 bits per pixel; those are the cases handled here.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Literal

HEADER_FIELDS = 25  # CARD32 fields of XWDFileHeader


def _shift(mask: int) -> int:
    return (mask & -mask).bit_length() - 1 if mask else 0


def read_xwd(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, RGB bytes) of a 24- or 32-bit-per-pixel TrueColor dump."""
    fields = struct.unpack(">25I", data[: HEADER_FIELDS * 4])
    header_size, _version, pixmap_format, _depth, width, height = fields[:6]
    byte_order, bits_per_pixel, bytes_per_line = fields[7], fields[11], fields[12]
    red_mask, green_mask, blue_mask = fields[14], fields[15], fields[16]
    ncolors = fields[19]
    if pixmap_format != 2 or bits_per_pixel not in (24, 32):
        raise ValueError(f"only 24/32-bit ZPixmap dumps are handled ({pixmap_format=}, {bits_per_pixel=})")
    offset = header_size + ncolors * 12
    order: Literal["little", "big"] = "little" if byte_order == 0 else "big"
    step = bits_per_pixel // 8
    shifts = (_shift(red_mask), _shift(green_mask), _shift(blue_mask))
    rgb = bytearray()
    for y in range(height):
        row = data[offset + y * bytes_per_line : offset + y * bytes_per_line + width * step]
        for x in range(0, width * step, step):
            pixel = int.from_bytes(row[x : x + step], order)
            rgb += bytes(
                ((pixel >> shifts[0]) & 0xFF, (pixel >> shifts[1]) & 0xFF, (pixel >> shifts[2]) & 0xFF)
            )
    return width, height, bytes(rgb)


def write_png(path: Path, width: int, height: int, rgb: bytes) -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    stride = width * 3
    raw = b"".join(b"\x00" + rgb[y * stride : (y + 1) * stride] for y in range(height))
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 6))
    png += chunk(b"IEND", b"")
    path.write_bytes(png)


def xwd_to_png(source: Path, target: Path) -> tuple[int, int, int]:
    """Convert; returns (width, height, number of distinct colours) so a blank screen can be told apart."""
    width, height, rgb = read_xwd(source.read_bytes())
    write_png(target, width, height, rgb)
    colours = len({rgb[i : i + 3] for i in range(0, len(rgb), 3 * 7)})
    return width, height, colours
