"""Demo dataset: fictitious contacts of a field-service business around Rennes.

The data lives in ``dataset.json`` beside this module (packaged with it, see
``pyproject.toml``); this module only reads it. Every person, company, address,
e-mail and phone number there is invented for demonstration purposes; data values
are in French because they are displayed as-is in the (French) user interface.

Main contact keys: name, is_company, civility, job_title, email, phone, mobile,
street, street2, zip, city, role, internal_reference, internal_notes,
customer_notes, latitude, longitude, children.

Child keys: address_type ("contact", "invoice", "delivery", "other", "private"),
name, civility, job_title, email, phone, mobile, comment, street, street2, zip,
city, latitude, longitude. Children of type "contact" share the parent's address,
so their address fields are all None.
"""

from __future__ import annotations

import json
from importlib import resources

DATA_FILE = "dataset.json"
DATA_PACKAGE = "crm_app.demo"  # this module's package, which holds the file


def read_dataset() -> dict:
    """The JSON file's content: ``blocked_contact_name`` and ``contacts``."""
    text = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


_DATA = read_dataset()

DEMO_CONTACTS: list[dict] = _DATA["contacts"]

# One individual who will later receive the blocking warning "Mauvais payeur".
BLOCKED_CONTACT_NAME: str = _DATA["blocked_contact_name"]
