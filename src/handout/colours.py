"""Brand colours made safe to read: every text/background pair we print meets WCAG AA (4.5:1),
in colour and on a black-and-white printer.

A clinic picks any brand colour; the ``Palette`` derives from it the colours we actually use —
the brand as given for rules and fills, a darkened variant wherever it colours text on white, the
text colour to print on a brand fill, and a light tint for card backgrounds. Many clinics print
in grey, and a printer turns colours into greys by its own weighting (``grey``), under which two
colours of good contrast can come out alike (dark text on a mid green is 4.6:1 in colour, 2.5:1
in grey): a pair counts as readable only when it is so both ways (``legible``).
"""

from __future__ import annotations

from dataclasses import dataclass

AA = 4.5  # WCAG 2.1 minimum contrast for body text

INK = "#1A1A1A"  # body text
MUTED = "#4D4D4D"  # secondary text (8.4:1 on white)
WHITE = "#FFFFFF"


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in rgb)


def luminance(hex_colour: str) -> float:
    """Relative luminance as WCAG 2.1 defines it."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def grey(hex_colour: str) -> str:
    """The grey a black-and-white printer prints for a colour: 0.3 R + 0.59 G + 0.11 B of its
    sRGB values, the weighting of common printer drivers (and of poppler and Ghostscript).

    It weighs green less and red and blue more than luminance does, so that most colours come
    out darker than their luminance: dark text on them loses contrast.
    """
    r, g, b = _rgb(hex_colour)
    return _hex((0.3 * r + 0.59 * g + 0.11 * b,) * 3)  # type: ignore[arg-type]


def grey_contrast(a: str, b: str) -> float:
    """Contrast of two colours once printed in grey."""
    return contrast(grey(a), grey(b))


def legible(text: str, background: str, target: float = AA) -> bool:
    """``text`` reaches ``target`` contrast on ``background`` in colour and in grey."""
    return contrast(text, background) >= target and grey_contrast(text, background) >= target


def mix(a: str, b: str, t: float) -> str:
    """``t`` of the way from colour ``a`` to colour ``b``."""
    ra, rb = _rgb(a), _rgb(b)
    return _hex(tuple(x + (y - x) * t for x, y in zip(ra, rb, strict=True)))  # type: ignore[arg-type]


def readable_on(colour: str, background: str, target: float = AA) -> str:
    """``colour``, darkened (or lightened on dark grounds) just enough to reach ``target``, in
    colour and in grey."""
    toward = "#000000" if luminance(background) > 0.18 else WHITE
    for step in range(101):
        candidate = mix(colour, toward, step / 100)
        if legible(candidate, background, target):
            return candidate
    return toward


@dataclass(frozen=True)
class Palette:
    brand: str  # as the clinic gave it: rules, badges, bars
    brand_text: str  # brand hue for text on white and on the tint (>= 4.5:1 on both)
    on_brand: str  # text printed on a brand fill
    fill: str  # the brand fill behind on_brand text (brand, darkened if neither ink works)
    tint: str  # pale background for cards and panels
    accent: str
    ink: str = INK
    muted: str = MUTED
    rule: str = "#C8C8C8"

    @classmethod
    def from_brand(cls, primary: str, accent: str | None = None) -> Palette:
        tint = mix(primary, WHITE, 0.90)
        brand_text = readable_on(primary, tint)
        if legible(WHITE, primary):
            fill, on_brand = primary, WHITE
        elif legible(INK, primary):
            fill, on_brand = primary, INK
        else:
            fill, on_brand = readable_on(primary, WHITE), WHITE
        return cls(brand=primary, brand_text=brand_text, on_brand=on_brand, fill=fill, tint=tint,
                   accent=accent or primary)

    def pairs(self) -> dict[str, tuple[str, str]]:
        """Every text-on-background pair the layout prints, for checks and tests."""
        return {
            "body text on white": (self.ink, WHITE),
            "body text on tint": (self.ink, self.tint),
            "secondary text on white": (self.muted, WHITE),
            "secondary text on tint": (self.muted, self.tint),
            "brand text on white": (self.brand_text, WHITE),
            "brand text on tint": (self.brand_text, self.tint),
            "text on brand fill": (self.on_brand, self.fill),
        }
