"""QR codes: ReportLab's encoder loaded alone, its codewords, its data positions and masks."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any

import reportlab.graphics


@cache
def _qrencoder() -> ModuleType:
    """ReportLab's ``reportlab/graphics/barcode/qrencoder.py``, loaded as a module of its own.

    Importing it the usual way runs its package first, which imports and registers every barcode
    ReportLab draws (Code 128, EAN, USPS, Data Matrix …: about 10 ms of a cold start) when we
    draw QR codes only. The file imports nothing of ReportLab, so it is loaded alone, under its
    own name but not put in ``sys.modules``: an import of the package elsewhere is unaffected.
    """
    name = "reportlab.graphics.barcode.qrencoder"
    folder = os.path.dirname(reportlab.graphics.__file__ or "")
    spec = importlib.util.spec_from_file_location(name, os.path.join(folder, "barcode",
                                                                      "qrencoder.py"))
    if spec is None or spec.loader is None:
        raise ImportError(f"{name} not found in {folder}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # The generator polynomial of n error correction codewords is rebuilt, n multiplications of
    # polynomials in Python, for every block of every code: kept once made (its polynomials are
    # only read), in this copy of the module only.
    module.QRUtil.getErrorCorrectPolynomial = staticmethod(
        cache(module.QRUtil.getErrorCorrectPolynomial))
    # The error correction codewords are the remainder of the data by that polynomial, worked out
    # one step per data codeword, each a new list and two method calls per coefficient: the same
    # steps, on one list, with the tables read directly.
    module.QRPolynomial.mod = _remainder(module)
    return module


def _remainder(qrencoder: ModuleType) -> Callable[[Any, Any], Any]:
    """``QRPolynomial.mod`` of ReportLab's encoder: the polynomial's remainder by ``divisor``,
    without leading zero coefficients (as ``QRPolynomial`` keeps its coefficients)."""
    exp, log = qrencoder.EXP_TABLE, qrencoder.LOG_TABLE
    polynomial = qrencoder.QRPolynomial

    def mod(self: Any, divisor: Any) -> Any:
        num, size = list(self.num), len(divisor.num)
        if len(num) < size:
            return self  # as ReportLab's: nothing to divide
        logs = [log[c] for c in divisor.num]  # a generator's coefficients are never zero
        start = 0
        while len(num) - start >= size:
            ratio = log[num[start]] - logs[0]
            for i, c in enumerate(logs, start):
                num[i] ^= exp[(c + ratio) % 255]  # QRMath.gexp: the exponent modulo 255
            while start < len(num) and num[start] == 0:
                start += 1
        return polynomial(num[start:] or [0], 0)

    return mod


class QrEncoder:
    """ReportLab's QR encoder (``qrencoder.QRCode``) holding ``data`` at error correction level
    M, at the smallest version it fits, placed with a mask of our choosing.

    ``QRCode.make`` scores all eight masks module by module in Python and keeps the best; we
    place the data once (``makeImpl`` with ``test`` true: a trial, format information left
    light), score the masks ourselves with whole rows as integers, and place it with the mask
    chosen.

    Public alternative: ``QrCodeWidget`` (or ``QRCode.make`` and ``isDark``), which choose the
    mask the slow way; measured on a batch of clinics, the QR code then took about 9 % of a
    handout's time rather than 3 % (``layout.qr``).
    """

    def __init__(self, data: str):
        qrencoder = _qrencoder()
        self._qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        self._qr.addData(data)
        self._qr.version = self._qr.calculate_version()

    @property
    def version(self) -> int:
        return self._qr.version

    def place(self, mask: int, trial: bool) -> list[list[bool | None]]:
        """The symbol's modules, row by row, placed with ``mask``; a ``trial`` leaves the format
        information light. Each call gives a new list."""
        self._qr.makeImpl(trial, mask)
        return self._qr.modules

    def finish(self, mask: int) -> list[list[bool | None]]:
        """The modules of the last placement with the format information of ``mask`` written
        (and the version information, from version 7), as ``place(mask, trial=False)`` writes
        them. Its data modules stay as they were placed: only they differ between masks, so the
        caller applies the difference between the masks itself rather than placing them again."""
        self._qr.setupTypeInfo(False, mask)
        if self._qr.version >= 7:
            self._qr.setupTypeNumber(False)
        return self._qr.modules


def qr_data_positions(version: int) -> list[tuple[int, int]]:
    """``(column, row)`` of every data module of a symbol of ``version``, in placing order
    (``QRCode.dataPosIterator``): the only modules a mask flips."""
    qrencoder = _qrencoder()
    qr = qrencoder.QRCode(version, qrencoder.QRErrorCorrectLevel.M)
    qr.moduleCount = version * 4 + 17
    return qr.dataPosIterator()


def qr_mask(mask: int) -> Callable[[int, int], bool]:
    """Mask pattern ``mask`` (0–7) as ``(row, column) → flips`` (``QRUtil.getMask``)."""
    return _qrencoder().QRUtil.getMask(mask)
