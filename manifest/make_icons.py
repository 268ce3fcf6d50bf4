"""Draw the Teams app icons: color.png (192×192) and outline.png (32×32, white on transparent).

Run from anywhere: `.venv/bin/python manifest/make_icons.py`. Needs Pillow (a dev dependency).
The PNGs are committed; rerun this only to change the design.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
BLUE = (18, 60, 140)  # same as manifest accentColor #123C8C, so the tile blends with Teams' icon background
WHITE = (255, 255, 255)
SUPERSAMPLE = 8  # draw large, then downscale: Pillow's polygon drawing has no anti-aliasing


def cap_mask(size: int, inset: float, cord_on_board: bool) -> Image.Image:
    """Graduation cap as an alpha mask; `inset` is the empty margin on each side, as a fraction of size.

    `cord_on_board` draws the tassel cord across the board; at 32 px it only blurs into the board.
    """
    big = size * SUPERSAMPLE
    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    span = 1 - 2 * inset

    def p(x: float, y: float) -> tuple[float, float]:
        # Design coordinates are 0..1 inside the margin.
        return ((inset + x * span) * big, (inset + y * span) * big)

    line = max(round(0.055 * span * big), SUPERSAMPLE * 2)  # tassel cord stays >= 2 px after downscale
    # Cap body under the board: a band with a rounded bottom.
    draw.polygon([p(0.22, 0.45), p(0.78, 0.45), p(0.78, 0.72), p(0.22, 0.72)], fill=255)
    draw.ellipse([p(0.22, 0.62), p(0.78, 0.84)], fill=255)
    # Gap between board and body so the two shapes read separately.
    draw.polygon([p(0.0, 0.40), p(0.5, 0.64), p(1.0, 0.40), p(1.0, 0.47), p(0.5, 0.71), p(0.0, 0.47)], fill=0)
    # Mortarboard: a flat diamond seen in perspective.
    draw.polygon([p(0.5, 0.12), p(1.0, 0.36), p(0.5, 0.60), p(0.0, 0.36)], fill=255)
    # Tassel: cord from the board's centre to its right edge, hanging down, with a knot at the end.
    if cord_on_board:
        draw.line([p(0.5, 0.36), p(0.88, 0.44)], fill=0, width=line * 2)  # cut a groove so the cord shows
        draw.line([p(0.5, 0.36), p(0.88, 0.44)], fill=255, width=line)
    draw.line([p(0.88, 0.44), p(0.88, 0.74)], fill=255, width=line)
    draw.rectangle([p(0.84, 0.72), p(0.92, 0.86)], fill=255)
    return mask.resize((size, size), Image.Resampling.LANCZOS)


def color_icon() -> Image.Image:
    size = 192
    big = size * SUPERSAMPLE
    tile = Image.new("L", (big, big), 0)
    ImageDraw.Draw(tile).rounded_rectangle([0, 0, big - 1, big - 1], radius=int(big * 0.18), fill=255)
    icon = Image.new("RGBA", (size, size), (*BLUE, 0))
    icon.putalpha(tile.resize((size, size), Image.Resampling.LANCZOS))
    white = Image.new("RGBA", (size, size), (*WHITE, 255))
    icon.paste(white, (0, 0), cap_mask(size, inset=0.2, cord_on_board=True))
    return icon


def outline_icon() -> Image.Image:
    # Teams requires pure white on transparent: every pixel is white, only alpha varies.
    size = 32
    icon = Image.new("RGBA", (size, size), (*WHITE, 0))
    icon.putalpha(cap_mask(size, inset=0.03, cord_on_board=False))
    return icon


def main() -> None:
    color_icon().save(HERE / "color.png", optimize=True)
    outline_icon().save(HERE / "outline.png", optimize=True)
    print(f"wrote {HERE / 'color.png'} and {HERE / 'outline.png'}")


if __name__ == "__main__":
    main()
