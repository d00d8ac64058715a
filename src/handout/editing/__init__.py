"""The editing loop for the people who change content: see what an edit does, and start new files.

- ``choose``: which editions of one clinic a command is about (clinic, guides, formats, language).
- ``watch``: ``handout watch``: build once, then rebuild what each saved edit makes out of date.
- ``preview``: ``handout preview``: each page of the built editions as PNG, and a contact sheet.
- ``scaffold``: ``handout new clinic``/``new guide``: commented YAML that builds at once.
- ``starter``: ``handout new project``: a content repository of a clinic network's own.
- ``outline``: ``handout list``: a guide's blocks as a tree (the ids that overrides name).

These sit on top of the pipeline (``build``, ``batch``, ``plan``) and are imported only by the
command line; nothing in the pipeline imports them.
"""
