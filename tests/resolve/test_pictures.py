"""Picture files are checked by content before anything draws them."""

from pathlib import Path

import pytest

from handout.pictures import problem

ROOT = Path(__file__).resolve().parents[2]
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       '<rect width="5" height="5"/></svg>')


@pytest.mark.parametrize("name, content, expected", [
    ("ok.svg", SVG, None),
    ("public-doctype.svg", '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
     '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + SVG, None),
    ("entity.svg", '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + SVG,
     ("an SVG without entity declarations", "<!ENTITY or a <!DOCTYPE [...] block (refused: "
      "entities can read other files); export the SVG again without them")),
    ("laughs.svg", '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + SVG,
     ("an SVG without entity declarations", "<!ENTITY or a <!DOCTYPE [...] block (refused: "
      "entities can read other files); export the SVG again without them")),
    ("linked.svg", SVG.replace("<rect", '<image href="file:///etc/hosts"/><rect'),
     ("an SVG that does not refer to other files", "a reference to 'file:///etc/hosts'; embed "
      "the picture in the SVG instead")),
    ("broken.svg", SVG[:-3], ("an SVG picture (well-formed XML)",
                              "a broken file: expected '>', line 1, column 95")),
    ("html.svg", "<html><body>not a picture</body></html>",
     ("an SVG picture", "a file without an <svg> element")),
    ("png-named.svg", (ROOT / "assets" / "willamette" / "logo.png").read_bytes(),
     ("an SVG picture", "a file without an <svg> element (it is a PNG: fix the file name's "
      "ending)")),
    ("svg-named.png", SVG, ("a PNG picture", "a file whose content is not PNG (it is an SVG: fix "
                                             "the file name's ending)")),
])
def test_picture_checks(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert problem(path) == expected
