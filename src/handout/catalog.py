"""Words the layout adds itself, per language. Builders never hold English string literals.

Every language has every key (a test keeps it so); dates are written in the language's own long
form as Babel (CLDR) has it ("November 1, 2026", "1 de noviembre de 2026"). A language without a
catalog falls back to English; a missing key is a programming error (KeyError), which the catalog
tests catch.
"""

from __future__ import annotations

import datetime as dt

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "kicker": "Patient guide",
        "page": "Page {n} of {total}",
        "page_n": "Page {n}",
        "item": "{label} {n}",
        "source": "Source",
        "sources": "Sources",
        "contact_heading": "Talk with {name}",
        "contact_lede": "Questions about anything in this guide? We are glad to help.",
        "phone": "Phone",
        "email": "Email",
        "website": "Website",
        "book": "Book online",
        "hours": "Hours",
        "locations": "Locations",
        "location": "Address",
        "qr_caption": "Scan to book a visit",
        "qr_caption_site": "Scan to visit our website",
        "qr_alt": "QR code: book a visit at {url}",
        "qr_alt_site": "QR code: visit our website at {url}",
        "pricing_heading": "Fees and payment at {name}",
        "pricing_note_heading": "At {name}",
        "price": "Fee",
        "service": "Service",
        "insurance": "Insurance",
        "payment_plans": "Payment plans",
        "sliding_scale": "Sliding scale",
        "pricing_unpublished": "{name} does not publish fees in this guide. Call {phone} to ask "
                               "about costs, insurance and payment plans before your first visit.",
        "reviewed": "Reviewed {date}",
        "next_review": "next review {date}",
        "version": "Version {version}",
        "edition_for": "Edition for {name}",
        # the colophon of a translation
        "translated": "Translated by {translator} ({date})",
        "translation_reviewed": "reviewed by {reviewer}",
        "translation_unreviewed": "not yet reviewed by a qualified translator",
        # the heading of the notice of language assistance (the taglines are fixed texts)
        "language_assistance": "Language assistance",
        # the booklet's back cover, when the notice has pages of its own: the page follows
        "language_assistance_pointer": "Free language assistance in {count} languages",
        "quote_open": "\u201c",
        "quote_close": "\u201d",
        # the cue atop the part of a card, note or answer continued from the page before
        "continued": "{title} (continued)",
        "continued_untitled": "Continued",
        # the booklet's cover, designed pages and back cover
        "cover_promise": "What to know, what to ask, and whom to call.",
        "inside": "Inside this guide",
        "questions_heading": "Questions for my provider",
        "questions_lede": "Write questions down as they come to you, and bring this booklet to "
                          "your next visit.",
        "questions_asked": "Questions other patients ask",
        "questions_examples": "Is this treatment a good fit for me?|How will we know whether it "
                              "is working?|What should I do before and after a session?|Whom do "
                              "I call if I have a concern after a session?",
        "questions_mine": "My questions",
        "journal_heading": "After my session",
        "journal_lede": "A few lines after each session can help you and your care team notice "
                        "changes over time.",
        "journal_date": "Date",
        "journal_prompts": "How I felt during the session|What I noticed afterwards|What I want "
                           "to talk about next time",
        "notes_heading": "My notes",
        "notes_lede": "For anything you want to remember between visits.",
        "paying": "Paying for treatment",
        # callout levels, printed before the title: never colour alone
        "important": "Important",
        "urgent": "Urgent",
        "bullet": "\u2022",
        "step": "{n}.",
    },
    "es": {
        "kicker": "Guía para pacientes",
        "page": "Página {n} de {total}",
        "page_n": "Página {n}",
        "item": "{label} {n}",
        "source": "Fuente",
        "sources": "Fuentes",
        "contact_heading": "Hable con {name}",
        "contact_lede": "¿Tiene preguntas sobre esta guía? Con gusto le ayudamos.",
        "phone": "Teléfono",
        "email": "Correo",
        "website": "Sitio web",
        "book": "Reservar en línea",
        "hours": "Horario",
        "locations": "Sedes",
        "location": "Dirección",
        "qr_caption": "Escanee para pedir una cita",
        "qr_caption_site": "Escanee para visitar nuestro sitio",
        "qr_alt": "Código QR: pida una cita en {url}",
        "qr_alt_site": "Código QR: visite nuestro sitio web en {url}",
        "pricing_heading": "Tarifas y pagos en {name}",
        "pricing_note_heading": "En {name}",
        "price": "Tarifa",
        "service": "Servicio",
        "insurance": "Seguro médico",
        "payment_plans": "Planes de pago",
        "sliding_scale": "Escala móvil",
        "pricing_unpublished": "{name} no publica sus tarifas en esta guía. Llame al {phone} "
                               "para preguntar por costos, seguro y planes de pago.",
        "reviewed": "Revisado el {date}",
        "next_review": "próxima revisión {date}",
        "version": "Versión {version}",
        "edition_for": "Edición para {name}",
        "translated": "Traducción: {translator} ({date})",
        "translation_reviewed": "revisada por {reviewer}",
        "translation_unreviewed": "aún sin revisar por un traductor calificado",
        "language_assistance": "Ayuda con el idioma",
        "language_assistance_pointer": "Ayuda gratuita con el idioma en {count} idiomas",
        "quote_open": "\u00ab",
        "quote_close": "\u00bb",
        "continued": "{title} (continuación)",
        "continued_untitled": "Continuación",
        "cover_promise": "Lo que conviene saber, qué preguntar y a quién llamar.",
        "inside": "En esta guía",
        "questions_heading": "Preguntas para mi proveedor de salud",
        "questions_lede": "Anote sus preguntas cuando se le ocurran y traiga este folleto a su "
                          "próxima consulta.",
        "questions_asked": "Preguntas que hacen otros pacientes",
        "questions_examples": "¿Es este tratamiento adecuado para mí?|¿Cómo sabremos si está "
                              "funcionando?|¿Qué debo hacer antes y después de una sesión?|¿A "
                              "quién llamo si algo me preocupa después de una sesión?",
        "questions_mine": "Mis preguntas",
        "journal_heading": "Después de mi sesión",
        "journal_lede": "Unas líneas después de cada sesión pueden ayudarle a usted y a su "
                        "equipo de atención a notar cambios con el tiempo.",
        "journal_date": "Fecha",
        "journal_prompts": "Cómo me sentí durante la sesión|Qué noté después|De qué quiero "
                           "hablar la próxima vez",
        "notes_heading": "Mis notas",
        "notes_lede": "Para todo lo que quiera recordar entre consultas.",
        "paying": "Cómo pagar el tratamiento",
        "important": "Importante",
        "urgent": "Urgente",
        "bullet": "\u2022",
        "step": "{n}.",
    },
}


class Words:
    """The catalog of one language: ``words("page", n=1, total=4)``."""

    def __init__(self, language: str):
        self.language = language.split("-")[0]
        self._words = {**WORDS["en"], **WORDS.get(self.language, {})}

    def __call__(self, key: str, **values: object) -> str:
        return self._words[key].format(**values)

    def items(self, key: str) -> list[str]:
        """A list kept in the catalog as one string, its items separated by ``|``."""
        return self._words[key].split("|")

    def date(self, day: dt.date) -> str:
        """``day`` as the language writes it in running text (Babel's long form)."""
        # English, Babel's "MMMM d, y", is spelt out: loading Babel and its locale data costs a
        # one-page build more than all its other words (a test holds it to Babel, day by day).
        if self.language == "en":
            return f"{ENGLISH_MONTHS[day.month - 1]} {day.day}, {day.year}"
        from babel.dates import format_date

        return format_date(day, "long", locale=self.language)


#: The months as Babel's English long date names them (``Words.date``).
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")
