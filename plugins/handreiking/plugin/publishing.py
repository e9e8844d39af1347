"""A publishing build: the one that puts the site online, with an address that lasts.

Every cartridge a lecturer imports, every citation, ``.bib`` and ``.ris`` file, the
catalog and the PDFs carry ``site_url``: once published, that address is frozen in
courses and reference managers. A publishing build therefore refuses a placeholder
(``example.org`` and its kin, ``localhost``, an IP address). A build is publishing when
it is run as ``handreiking build --publiceer`` or with the environment variable
``HANDREIKING_PUBLICEER=1`` (for CI, and for a plain ``mkdocs build``); previews and
other builds keep working with the placeholder.
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urlsplit

#: The environment variable that makes any build a publishing one.
VARIABLE = "HANDREIKING_PUBLICEER"

#: Domains reserved for examples and tests (RFC 2606, RFC 6761): never a real address.
_RESERVED = ("example.org", "example.com", "example.net", "localhost")
_RESERVED_TOP = ("example", "localhost", "test", "invalid", "local")


def publishing_from_environment() -> bool:
    """Whether ``HANDREIKING_PUBLICEER`` asks for a publishing build."""
    return os.environ.get(VARIABLE, "").strip().lower() in {"1", "ja", "true", "yes"}


def _placeholder(host: str) -> str | None:
    """Why ``host`` is no lasting address, in a few words; ``None`` when it may be one."""
    host = host.strip("[]").rstrip(".").lower()
    try:
        ipaddress.ip_address(host)
        return "een IP-adres"
    except ValueError:
        pass
    for domain in _RESERVED:
        if host == domain or host.endswith("." + domain):
            return f"een voorbeeldadres ({domain})"
    if host.rsplit(".", 1)[-1] in _RESERVED_TOP:
        return "een voorbeeldadres"
    return None


def placeholder_problem(site_url: str | None) -> str | None:
    """What is wrong with ``site_url`` for a publication, in Dutch; ``None`` when it lasts."""
    advice = (
        "kies het adres waarop de handreiking blijvend te vinden is, op een domein van de "
        "makers (bijvoorbeeld https://handreiking.<organisatie>.nl/), en zet dat als "
        "site_url in mkdocs.yml: elke cartridge, citatie en PDF draagt dat adres"
    )
    if not site_url:
        return f"site_url ontbreekt; een publicatie heeft een blijvend adres nodig: {advice}"
    host = urlsplit(site_url).hostname or ""
    why = _placeholder(host)
    if why is None:
        return None
    return f"site_url '{site_url}' is {why}, geen blijvend adres voor een publicatie; {advice}"
