#!/usr/bin/env python3
"""The `compose` benchmark's baseline: the same work done "the seed way".

This is how Google's published Gmail API Python sample builds a message
(https://developers.google.com/gmail/api/guides/sending): Python's standard `email` package, a `MIMEText` body,
`Header` for a non-ASCII name or subject, and `base64.urlsafe_b64encode` of the message's bytes for `raw`.

What it does, per contact: fills the same 3 fields (first_name, company, role, with the same defaults) into the same
subject and body text with plain `str.format` (the seed way has no template engine beyond that), builds a text/plain
UTF-8 message with From, To and Subject, and base64url-encodes it.

What it does not do, and Nudge's figure does: Liquid parsing and its filters, Markdown to HTML (the body's **bold** stays
literal text), a multipart/alternative HTML part, Date, Message-ID, In-Reply-To/References and the send-id header. The
seed way is therefore less work than Nudge's, which makes the ratio conservative.

Usage: compose_seed.py CONTACTS [WARMUP]; prints one line "compose_seed: X messages/s". Standard library only.
"""

import base64
import sys
import time
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr

SUBJECT = "A quicker way to follow up at {company}"
BODY = "Hi {first_name},\n\nI noticed **{company}** answers a lot of email by hand, {role}.\n\nSam\n"


def compose(index):
    # The same fields as the C# suite's contacts; "or" gives the template's default filter's behaviour.
    fields = {"first_name": "Chloé" + index, "company": "Société n°" + index, "role": "Head of Ops"}
    first_name = fields.get("first_name") or "there"
    company = fields.get("company") or ""
    role = fields.get("role") or "friend"
    message = MIMEText(BODY.format(first_name=first_name, company=company, role=role), "plain", "utf-8")
    message["To"] = formataddr((str(Header(first_name, "utf-8")), "lead" + index + "@example.com"))
    message["From"] = formataddr(("Sam", "sam@acme.example"))
    message["Subject"] = Header(SUBJECT.format(company=company), "utf-8")
    return base64.urlsafe_b64encode(message.as_bytes()).decode()


def run(count):
    size = 0
    for i in range(count):
        size += len(compose(str(i)))
    return size


def main():
    contacts = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    warmup = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    run(warmup)
    start = time.perf_counter()
    size = run(contacts)
    elapsed = time.perf_counter() - start
    print("compose_seed: %.1f messages/s" % (contacts / elapsed))
    print("compose_seed_raw_size: %.0f bytes/message" % (size / contacts))


if __name__ == "__main__":
    main()
