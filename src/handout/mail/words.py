"""Words of the intake email that the clinic file does not give: the default subject and body,
and how attachments are named and listed, per language (English when a language is missing).

The default message uses the same inline markup and placeholders a clinic's own would, so it is
checked and filled the same way.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "Before your first visit: information from {clinic.name}",
        "body": (
            "Dear {patient.name},\n\n"
            "Thank you for choosing {clinic.name}. Before your first visit, please take a few "
            "minutes to read the patient information attached to this email. It explains what "
            "to expect and what you may want to ask us.\n\n"
            "If you have any questions, call us at {clinic.phone} or reply to this email.\n\n"
            "With best wishes,\n"
            "{clinic.name}"),
        "attached": "Attached to this email:",
        "handout": "{title}",
        "booklet": "{title} (booklet)",
        "large-print": "{title} (large print)",
        "size": "PDF, {size}",
    },
    "es": {
        "subject": "Antes de su primera consulta: información de {clinic.name}",
        "body": (
            "Estimado/a {patient.name}:\n\n"
            "Gracias por elegir {clinic.name}. Antes de su primera consulta, le pedimos que lea "
            "la información para pacientes que adjuntamos a este correo. Explica qué puede "
            "esperar y qué puede preguntarnos.\n\n"
            "Si tiene alguna pregunta, llámenos al {clinic.phone} o responda a este correo.\n\n"
            "Saludos cordiales,\n"
            "{clinic.name}"),
        "attached": "Adjuntos a este correo:",
        "handout": "{title}",
        "booklet": "{title} (folleto)",
        "large-print": "{title} (letra grande)",
        "size": "PDF, {size}",
    },
}


def words(language: str) -> dict[str, str]:
    """The words of one language (``es-MX`` → ``es``), English for any it lacks."""
    return {**WORDS["en"], **WORDS.get(language.split("-")[0], {})}
