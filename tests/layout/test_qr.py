"""The QR code in the clinic panel scans, with a real decoder, to the clinic's booking page."""

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from handout.layout.qr import runs


@pytest.mark.skipif(not shutil.which("zbarimg") or not shutil.which("pdftoppm"),
                    reason="needs zbar-tools and poppler-utils")
@pytest.mark.parametrize("clinic, url", [("boulder", "https://boulderketamine.example/book"),
                                         ("harbor-light", "https://harborlightketamine.example")])
def test_qr_code_scans_to_the_booking_page(built, tmp_path, clinic, url):
    """The page whose link annotation describes a QR code is rendered and scanned."""
    pages = [n for n, page in enumerate(PdfReader(str(built[clinic])).pages, 1)
             for a in page.get("/Annots", []) or []
             if str(a.get_object().get("/Contents", "")).startswith("QR code")]
    assert len(pages) == 1, pages
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", str(pages[0]), "-l", str(pages[0]),
                    str(built[clinic]), str(tmp_path / "page")], check=True)
    [png] = tmp_path.glob("page*.png")
    result = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
    assert result.stdout.split() == [url]


def test_runs_cover_the_finder_patterns():
    size, dark = runs("https://boulderketamine.example/book")
    modules = size - 4  # the border of 2 modules on each side
    assert (modules - 17) % 4 == 0  # a QR version's size is 17 + 4 × version
    top = [(c, n) for r, c, n in dark if r == 0]
    assert top[0] == (0, 7) and top[-1] == (modules - 7, 7)  # the two top finder squares


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="needs zbar-tools")
@pytest.mark.parametrize("url", ["https://a.example", "https://boulderketamine.example/book",
                                 "https://www.example.org/clinics/portland-maine/book-a-visit?"
                                 "first=1&lang=en-US", "tel:+13035550142"])
def test_every_mask_choice_scans(tmp_path, url):
    """Encoded here, drawn as a bitmap from our runs, read back by a real decoder."""
    from PIL import Image

    size, dark = runs(url)
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    for r, c, n in dark:
        box = ((c + 2) * scale, (r + 2) * scale, (c + 2 + n) * scale, (r + 3) * scale)
        image.paste(0, box)
    path = tmp_path / "qr.png"
    image.save(path)
    result = subprocess.run(["zbarimg", "-q", "--raw", str(path)], capture_output=True, text=True)
    assert result.stdout.strip() == url


@pytest.mark.parametrize("url", ["https://a.example", "https://boulderketamine.example/book",
                                 "https://www.example.org/clinics/portland-maine/book-a-visit?"
                                 "first=1&lang=en-US&source=handout&campaign=winter-2026-" + "x" * 60])
def test_each_mask_applied_to_one_placement_is_the_encoders_own_placement(url):
    """The mask is chosen from one data placement XOR each mask's pattern; that must be exactly
    the symbol ReportLab's encoder places with that mask."""
    from reportlab.graphics.barcode import qrencoder

    from handout.layout.qr import _pattern, _row_bits, masked

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.version = code.calculate_version()
    code.makeImpl(True, 0)
    unmasked = [_row_bits(r) ^ m for r, m in zip(code.modules, _pattern(code.version, 0), strict=True)]
    for mask in range(8):
        code.makeImpl(True, mask)
        assert masked(unmasked, code.version, mask) == [_row_bits(r) for r in code.modules], mask


@pytest.mark.parametrize("url", ["https://a.example", "https://boulderketamine.example/book",
                                 "https://www.example.org/book?" + "x" * 150])  # versions 2 to 8
def test_runs_are_the_encoders_own_symbol_with_the_chosen_mask(url):
    """``runs`` changes the trial placement's data to the chosen mask instead of placing it
    again: the runs must be exactly those of the symbol the encoder places with that mask."""
    from handout.layout.qr import BORDER, runs
    from handout.reportlab_private.qr import QrEncoder

    size, got = runs(url)
    symbols = {}
    code = QrEncoder(url)
    for mask in range(8):
        rows = code.place(mask, trial=False)
        symbols[mask] = tuple((r, c, 1) for r, row in enumerate(rows) for c, m in enumerate(row)
                              if m)
    modules = tuple((r, c + i, 1) for r, c, length in got for i in range(length))
    assert size == len(rows) + 2 * BORDER
    assert modules in symbols.values()


def _penalty_module_by_module(matrix: list[list[int]]) -> int:
    """ISO/IEC 18004 §7.8.3's four rules, read module by module: what ``penalty`` must give."""
    n = len(matrix)
    lines = matrix + [list(col) for col in zip(*matrix, strict=True)]
    score = 0
    for line in lines:
        run = 1
        for a, b in zip(line, line[1:] + [None], strict=True):  # rule 1: runs of 5 or more
            if a == b:
                run += 1
                continue
            score += run - 2 if run >= 5 else 0
            run = 1
        text = "".join(map(str, line))  # rule 3: 1:1:3:1:1 with four light modules beside
        score += 40 * sum(text.startswith(p, i) for i in range(n)
                          for p in ("10111010000", "00001011101"))
    score += 3 * sum(matrix[r][c] == matrix[r][c + 1] == matrix[r + 1][c] == matrix[r + 1][c + 1]
                     for r in range(n - 1) for c in range(n - 1))  # rule 2: 2 × 2 blocks
    dark = sum(map(sum, matrix))
    return score + 10 * (abs(dark * 100 // (n * n) - 50) // 5)  # rule 4


@pytest.mark.parametrize("url", ["https://a.example", "https://boulderketamine.example/book",
                                 "https://www.example.org/book?" + "x" * 150])
def test_the_penalty_is_the_specifications_score_of_every_mask(url):
    from handout.layout.qr import _pattern, _row_bits, masked, penalty
    from handout.reportlab_private.qr import QrEncoder

    code = QrEncoder(url)
    trial = code.place(0, trial=True)
    n = len(trial)
    unmasked = [_row_bits(r) ^ m for r, m in zip(trial, _pattern(code.version, 0), strict=True)]
    scores = set()
    for mask in range(8):
        rows = masked(unmasked, code.version, mask)
        matrix = [[int(bit) for bit in format(row, f"0{n}b")] for row in rows]
        scores.add(penalty(rows, n))
        assert penalty(rows, n) == _penalty_module_by_module(matrix), mask
    assert len(scores) > 1  # the masks score differently: the choice is a real one
