"""A PDF → an archival one: PDF/A-2 (ISO 19005-2), level A or B; a reading edition as ReportLab
writes it (``archival_objects``), an imposed sheet afterwards with pikepdf (``archival``).

What PDF/A-2 asks beyond what ReportLab and the tagging write:

* an output intent (``GTS_PDFA1``) with an ICC profile, so that the device colours we paint in
  (DeviceRGB, as the brand colours and pictures are sRGB) have a defined meaning: the sRGB
  profile shipped beside this module (``icc/sRGB.icc``, zlib licence, ``icc/LICENSE``);
* XMP metadata equal to the document information (title, author, subject, keywords, creator,
  producer, dates), with ``pdfaid:part`` and ``pdfaid:conformance``; a document that is also
  PDF/UA-1 says ``pdfuaid:part 1``, and since that property is not one PDF/A predefines, the
  XMP carries the PDF/A extension schema that declares it;
* every annotation printed (the ``/F`` Print flag): what is on screen is what prints;
* a transparency group with a blending colour space on every page that uses transparency (a
  picture with an alpha channel);
* a file identifier (``/ID``): ``finishing`` writes a reading edition's, pikepdf a sheet's.

Level A (``"A"``, the reading editions) also needs the document tagged, which ``document`` does
first; level B (``"B"``) is for the booklet's sheets, which are for printers, not readers.
"""

from __future__ import annotations

import html
import re
import zlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from handout.reportlab_private.document import RawObject, add_entries, reference
from handout.tagging.saving import write
from handout.tagging.tree import pdf_string

if TYPE_CHECKING:
    import pikepdf
    from reportlab.pdfbase.pdfdoc import PDFDocument

Conformance = Literal["A", "B"]

#: The sRGB ICC profile of the output intent (Little CMS's, from Debian's icc-profiles-free).
SRGB = Path(__file__).parent / "icc" / "sRGB.icc"
SRGB_NAME = "sRGB IEC61966-2.1"

#: The annotation flag Print (PDF 1.7, table 165): bit 3.
PRINT = 4


def make_archival(pdf: pikepdf.Pdf, conformance: Conformance, ua: bool) -> None:
    """Make ``pdf`` PDF/A-2 at ``conformance``; ``ua``: it is also PDF/UA-1, and says so."""
    _output_intent(pdf)
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            annotation.F = PRINT
        _transparency_group(page.obj)
    _write_xmp(pdf, conformance, ua)


def archival(data: bytes, conformance: Conformance) -> bytes:
    """``data``, a PDF without structure of its own (the booklet's sheets), made PDF/A-2."""
    from io import BytesIO

    import pikepdf

    with pikepdf.open(BytesIO(data)) as pdf:
        make_archival(pdf, conformance, ua=False)
        return write(pdf)


def archival_objects(doc: PDFDocument, info: dict[str, str], conformance: Conformance,
                     ua: bool) -> None:
    """Add to ReportLab's ``doc``, before it is written, the output intent and the XMP of
    document information ``info`` (``"/Title"`` → its text), at ``conformance``; ``ua``: it is
    also PDF/UA-1. The tagging (``document``) prints annotations and groups what blends."""
    intent = RawObject(b"<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier "
                       + pdf_string(SRGB_NAME) + b" /Info " + pdf_string(SRGB_NAME)
                       + b" /RegistryName (http://www.color.org) /DestOutputProfile "
                       + reference(doc, RawObject(_profile())) + b" >>")
    add_entries(doc.Catalog, {"OutputIntents": RawObject(b"[" + reference(doc, intent) + b"]",
                                                         inline=True)})
    packet = xmp(info, conformance, ua).encode("utf-8")
    doc.Catalog.Metadata = RawObject(b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n"
                                     % len(packet) + packet + b"endstream\n")


@cache
def _profile() -> bytes:
    """The output intent's ICC profile as a compressed stream object, as ReportLab writes one."""
    data = zlib.compress(SRGB.read_bytes(), 9)
    return (b"<< /N 3 /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data
            + b"endstream\n")


def _output_intent(pdf: pikepdf.Pdf) -> None:
    from pikepdf import Array, Dictionary, Name, Stream, String

    profile = Stream(pdf, SRGB.read_bytes())
    profile.N = 3
    intent = Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFA1,
                        OutputConditionIdentifier=String(SRGB_NAME), Info=String(SRGB_NAME),
                        RegistryName=String("http://www.color.org"),
                        DestOutputProfile=pdf.make_indirect(profile))
    pdf.Root.OutputIntents = Array([pdf.make_indirect(intent)])


def _transparency_group(page: pikepdf.Dictionary) -> None:
    """Give a page that uses transparency a group whose blending colour space is RGB."""
    from pikepdf import Dictionary, Name

    if not _uses_transparency(page.get("/Resources"), set()):
        return
    group = page.get("/Group")
    if group is None:
        page.Group = Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceRGB)
    elif "/CS" not in group:
        group.CS = Name.DeviceRGB


def _uses_transparency(resources, seen: set[tuple[int, int]]) -> bool:
    """Whether drawing with ``resources`` may blend: soft masks, alpha or blend modes, in the
    resources or in those of the forms they hold."""
    import pikepdf

    if not isinstance(resources, pikepdf.Dictionary):
        return False
    for state in resources.get("/ExtGState", {}).values():
        if (state.get("/SMask", pikepdf.Name.None_) != pikepdf.Name.None_
                or float(state.get("/CA", 1)) < 1 or float(state.get("/ca", 1)) < 1
                or state.get("/BM", pikepdf.Name.Normal) not in (pikepdf.Name.Normal,
                                                                  pikepdf.Name.Compatible)):
            return True
    for xobject in resources.get("/XObject", {}).values():
        if xobject.is_indirect:
            if xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
        if "/SMask" in xobject or int(xobject.get("/SMaskInData", 0)):
            return True
        if xobject.get("/Subtype") == pikepdf.Name.Form and (
                "/Group" in xobject or _uses_transparency(xobject.get("/Resources"), seen)):
            return True
    return False


# -- XMP ------------------------------------------------------------------------------------------

#: The document information entries and the XMP properties that PDF/A requires to equal them
#: (``/Trapped`` has none among the schemas PDF/A predefines, and needs none).
_SIMPLE = (("/Keywords", "pdf:Keywords"), ("/Producer", "pdf:Producer"),
           ("/Creator", "xmp:CreatorTool"))
_DATES = (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate"))

#: The PDF/A extension schema that declares ``pdfuaid:part`` (ISO 14289-1, 5, and the PDF/UA
#: Competence Center's published declaration).
_UA_EXTENSION = """\
  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed\
</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
"""


def xmp(info: dict[str, str], conformance: Conformance, ua: bool) -> str:
    """The XMP packet for document information ``info`` (``"/Title"`` → its text)."""
    props: list[str] = []
    if "/Title" in info:
        props.append(f"<dc:title>{_alt(info['/Title'])}</dc:title>")
    if "/Author" in info:
        props.append(f"<dc:creator><rdf:Seq><rdf:li>{_xml_text(info['/Author'])}</rdf:li></rdf:Seq>"
                     "</dc:creator>")
    if "/Subject" in info:
        props.append(f"<dc:description>{_alt(info['/Subject'])}</dc:description>")
    for key, prop in _SIMPLE:
        if key in info:
            props.append(f"<{prop}>{_xml_text(info[key])}</{prop}>")
    for key, prop in _DATES:
        if key in info:
            props.append(f"<{prop}>{xmp_date(info[key])}</{prop}>")
    props.append(f"<pdfaid:part>2</pdfaid:part><pdfaid:conformance>{conformance}"
                 "</pdfaid:conformance>")
    if ua:
        props.append("<pdfuaid:part>1</pdfuaid:part>")
    body = "\n   ".join(props)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"{'''
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"''' if ua else ""}>
   {body}
  </rdf:Description>
{_UA_EXTENSION if ua else ""} </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _alt(text: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{_xml_text(text)}</rdf:li></rdf:Alt>'


_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:([+-])(\d{2})'(\d{2})'?|Z)?")


def xmp_date(value: str) -> str:
    """A PDF date (``D:20261101000000+00'00'``) as XMP writes it (``2026-11-01T00:00:00+00:00``)."""
    match = _PDF_DATE.fullmatch(value)
    if match is None:
        raise ValueError(f"not a PDF date: {value!r}")
    year, month, day, hour, minute, second, sign, tz_h, tz_m = match.groups()
    zone = f"{sign}{tz_h}:{tz_m}" if sign else "Z"
    return f"{year}-{month}-{day}T{hour}:{minute}:{second}{zone}"


def _write_xmp(pdf: pikepdf.Pdf, conformance: Conformance, ua: bool) -> None:
    from pikepdf import Name, Stream

    info = {str(key): str(value) for key, value in pdf.docinfo.items()}
    stream = Stream(pdf, xmp(info, conformance, ua).encode("utf-8"))
    stream.Type, stream.Subtype = Name.Metadata, Name.XML
    pdf.Root.Metadata = pdf.make_indirect(stream)


def _xml_text(text: str) -> str:
    """``text`` as XML character data: ``&``, ``<`` and ``>`` escaped."""
    return html.escape(text, quote=False)
