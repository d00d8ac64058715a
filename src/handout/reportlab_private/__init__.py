"""Every use of ReportLab's internals, in one place: what each is for, and why not the public API.

ReportLab's public API (canvases, text objects, flowables, doc and page templates) does not reach
far enough for a few things we do: tagging the PDF for screen readers (marked-content operators
go into the page's and the paragraph's operator lists, around exactly the words of each link,
and the structure tree reads what tables and ``KeepTogether`` hold); sharing line breaks between
paragraphs of equal text; a flowable placed even on a full page; knowing which characters a font
can print; writing a run of documents' fonts once; and choosing a QR code's mask fast. Each of
these reaches into ReportLab through a function or class of this package, one module a subject,
and no other module of ``handout`` touches a private name of ReportLab
(``tests/test_reportlab_boundary.py`` looks for them):

- ``text``: the operator lists of a page and of a paragraph's text (marked content);
- ``document``: the objects tagging adds to the document ReportLab writes;
- ``flowables``: what a table or a ``KeepTogether`` holds, the line breaks paragraphs share, the
  room the frame placing a flowable offers;
- ``drawings``: SVG drawings with their pictures as image XObjects;
- ``fonts``: glyph maps, fonts made from kept tables, subsets, font objects and ToUnicode maps
  made once for a run of documents;
- ``qr``: ReportLab's QR encoder, loaded alone, and its masks.

``tests/test_reportlab_private.py`` checks that every internal used here still has the shape we
rely on, and names the function that uses it when one changes. ReportLab is pinned below its next
major version in ``pyproject.toml``; a new major version is taken by mending this package alone.

Takes and gives ReportLab objects; its modules import only ReportLab and the standard library,
not even each other. The package itself imports nothing: each user imports the module it needs.
"""
