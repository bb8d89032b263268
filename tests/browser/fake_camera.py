"""A camera that shows one picture: chromium's fake capture device fed a Y4M file of a QR code
(``--use-file-for-fake-video-capture``), so the scanner page's real camera path runs headless."""

from __future__ import annotations

from pathlib import Path

import segno

CAMERA_ARGS = ("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream")


def qr_video(text: str, path: Path, *, size: int = 480) -> Path:
    """One 4:2:0 frame (chromium loops it): the QR code black on white, four modules of quiet
    zone, each module a whole number of pixels."""
    rows = segno.make(text, error="m", micro=False).matrix
    modules = len(rows) + 8
    scale = size // modules
    side = modules * scale
    side -= side % 2
    luma = bytearray(b"\xeb" * (side * side))
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    start = ((r + 4) * scale + dy) * side + (c + 4) * scale
                    luma[start : start + scale] = b"\x10" * scale
    chroma = b"\x80" * ((side // 2) * (side // 2))
    path.write_bytes(
        f"YUV4MPEG2 W{side} H{side} F10:1 Ip A1:1 C420jpeg\n".encode()
        + b"FRAME\n"
        + bytes(luma)
        + chroma
        + chroma
    )
    return path
