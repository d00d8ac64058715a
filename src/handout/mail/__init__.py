"""The message stage, after ``write``: intake emails that send a patient the clinic's handouts.

    run.py           ``handout email``: check everything, then write .eml files or send
    appointments.py  a day's intake list (CSV) → one row per patient, bad rows reported
    address.py       patients' and clinics' addresses, checked; nothing can add a header
    attachments.py   the PDFs, built or reused exactly as ``handout build`` writes them
    compose.py       clinic + patient + PDFs → ``EmailMessage`` (text, HTML, attachments)
    text.py          our inline markup → paragraphs, and the plain-text body
    html_body.py     the same paragraphs → the HTML body (an element tree, escaped by it)
    words.py         the default message and labels, per language
    languages.py     the clinic's message in each language, and which guides one attaches
    settings.py      the clinic's SMTP server, environment overrides, the password
    send.py          smtplib over verified TLS, with retries
    outbox.py        .eml files for review, and the record of what was sent
    report.py        progress bar and summary table of a batch

Sending is the one step that cannot be undone: it is recorded, so that nothing is sent twice
without asking, and a rerun after a failure sends only what is missing.
"""
