"""Editions in more than one language.

``translation``: a guide's translation (``content/guides/<id>.<language>.yaml``) checked against
the English guide it translates. ``clinic_text``: a clinic's own text in one language, checked
and put in place of its English text. ``tags``: language names and the ``/Lang`` tags of PDFs.
``spanish``: syllables and the INFLESZ reading ease of Spanish text, for ``handout check``.
"""
