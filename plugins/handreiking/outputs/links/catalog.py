"""``/catalog.json``: every linkable unit of the site, and its JSON Schema.

Lecturers (and their tools) find every edition, chapter, section, theory box and quote
here, with its absolute address and its permanent address. Only quotes with consent are
listed. :data:`SCHEMA` is published as ``/catalog.schema.json``.
"""

from __future__ import annotations

from typing import Any

from handreiking.content.editions import STATUSES
from handreiking.content.sources import ID_PATTERN

CATALOG_FILE = "catalog.json"
SCHEMA_FILE = "catalog.schema.json"

_ID = {"type": "string", "pattern": ID_PATTERN.pattern}
_URL = {"type": "string", "format": "uri", "pattern": "^https?://"}
_TEXT = {"type": "string", "minLength": 1}
_THEMES = {"type": "array", "items": _TEXT}
_IDS = {"type": "array", "items": _ID, "uniqueItems": True}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Catalogus van de handreiking",
    "description": (
        "Alle edities, hoofdstukken (met hun secties), bouwstenen en citaten van de "
        "handreiking, met hun adres (url) en hun permanente adres (permalink); en de "
        "organisaties op de sociale kaart van elke editie."
    ),
    "type": "object",
    "required": [
        "title",
        "url",
        "language",
        "licence",
        "editions",
        "chapters",
        "theory_boxes",
        "quotes",
    ],
    "additionalProperties": False,
    "properties": {
        "$schema": {"type": "string"},
        "title": _TEXT,
        "url": _URL,
        "language": {"const": "nl"},
        "licence": {
            "description": (
                "De licentie van de inhoud (SPDX-code en adres), of de mededeling dat er nog "
                "geen licentie is gekozen."
            ),
            "type": "object",
            "required": ["text"],
            "additionalProperties": False,
            "properties": {"spdx": _TEXT, "url": _URL, "text": _TEXT},
        },
        "editions": {"type": "array", "items": {"$ref": "#/$defs/edition"}},
        "chapters": {"type": "array", "items": {"$ref": "#/$defs/chapter"}},
        "theory_boxes": {"type": "array", "items": {"$ref": "#/$defs/theory_box"}},
        "quotes": {"type": "array", "items": {"$ref": "#/$defs/quote"}},
        "organisations": {"type": "array", "items": {"$ref": "#/$defs/organisation"}},
    },
    "$defs": {
        "edition": {
            "type": "object",
            "required": ["id", "title", "name", "status", "url"],
            "additionalProperties": False,
            "properties": {
                "id": _ID,
                "title": _TEXT,
                "subtitle": _TEXT,
                "name": _TEXT,
                "year": {"type": "integer"},
                "status": {"enum": list(STATUSES)},
                "url": _URL,
                "permalink": _URL,
                "pdf": _URL,
                "cartridge": _URL,
            },
        },
        "section": {
            "type": "object",
            "required": ["anchor", "title", "level", "url", "permalink"],
            "additionalProperties": False,
            "properties": {
                "anchor": _TEXT,
                "title": _TEXT,
                "level": {"type": "integer", "minimum": 2, "maximum": 6},
                "url": _URL,
                "permalink": _URL,
            },
        },
        "chapter": {
            "type": "object",
            "required": [
                "id",
                "edition",
                "title",
                "url",
                "permalink",
                "themes",
                "sections",
                "theory_boxes",
                "quotes",
            ],
            "additionalProperties": False,
            "properties": {
                "id": _ID,
                "edition": _ID,
                "title": _TEXT,
                "url": _URL,
                "permalink": _URL,
                "summary": _TEXT,
                "themes": _THEMES,
                "sections": {"type": "array", "items": {"$ref": "#/$defs/section"}},
                "theory_boxes": _IDS,
                "quotes": _IDS,
            },
        },
        "theory_box": {
            "type": "object",
            "required": ["id", "title", "url", "permalink", "themes", "sources", "used_in"],
            "additionalProperties": False,
            "properties": {
                "id": _ID,
                "title": _TEXT,
                "url": _URL,
                "permalink": _URL,
                "themes": _THEMES,
                "sources": {"type": "array", "items": _TEXT},
                "used_in": _IDS,
            },
        },
        "organisation": {
            "type": "object",
            "required": ["id", "edition", "name", "description", "url", "checked"],
            "additionalProperties": False,
            "properties": {
                "id": _ID,
                "edition": _ID,
                "name": _TEXT,
                "description": _TEXT,
                "website": _URL,
                "themes": _THEMES,
                "target_groups": _THEMES,
                "neighbourhoods": _THEMES,
                "checked": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"},
                "checked_by": _TEXT,
                "url": _URL,
            },
        },
        "quote": {
            "type": "object",
            "required": ["id", "edition", "role", "themes", "text", "url", "used_in"],
            "additionalProperties": False,
            "properties": {
                "id": _ID,
                "edition": _ID,
                "role": _TEXT,
                "themes": _THEMES,
                "text": _TEXT,
                "meeting": {"type": "integer"},
                "url": _URL,
                "used_in": _IDS,
            },
        },
    },
}
