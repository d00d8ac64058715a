"""handout: branded, print-ready patient handouts from YAML guide content.

The pipeline, one module (or package) per stage:

    load → model → resolve → layout → render → write

``handout.build`` wires the stages together; ``handout.cli`` is a thin Typer front end.
"""

__version__ = "0.1.0"
