"""The shipped CJK font for raster output (receipt fallback, label bitmaps)."""

from __future__ import annotations

from functools import lru_cache

from PIL import ImageFont

from printers.errors import PrinterError
from printers.resources import cjk_font_path


@lru_cache(maxsize=64)
def cjk_font(size_px: int) -> ImageFont.FreeTypeFont:
    """WenQuanYi Micro Hei (face 0) at ``size_px`` pixels; cached."""
    path = cjk_font_path()
    try:
        return ImageFont.truetype(str(path), size_px, index=0)
    except OSError as exc:
        raise PrinterError(
            f"找不到打印用的中文字体 {path}，请重新安装本软件", detail=str(exc)
        ) from exc
