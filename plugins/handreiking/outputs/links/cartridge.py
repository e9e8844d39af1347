"""An IMS Thin Common Cartridge 1.3 (``.imscc``) of one edition, for learning platforms.

The cartridge holds web links only: one module (the edition) with a link per chapter and
theory box, in reading order. The links are permanent addresses (``/id/<id>/``), so a
course imported years ago still lands on the right page after a chapter moved. The file
is reproducible: the same site gives the same bytes (fixed order, fixed timestamps).
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from handreiking.content.editions import cartridge_src_uri

# xml.sax.saxutils' escape and quoteattr, written out: importing that module imports
# urllib.request, http.client and ssl, a few milliseconds of every build.
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ESCAPE_ATTR = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as XML entities (``xml.sax.saxutils.escape``)."""
    return text.translate(_ESCAPE)


def quoteattr(text: str) -> str:
    """``text`` escaped and quoted as an XML attribute value (``xml.sax.saxutils.quoteattr``)."""
    text = text.translate(_ESCAPE_ATTR)
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))


CP_NS = "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
WL_NS = "http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3"
LOM_MANIFEST_NS = "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
WEBLINK_TYPE = "imswl_xmlv1p3"
_CP_XSD = "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p1_v1p0.xsd"
_LOM_XSD = "http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lommanifest_v1p0.xsd"
_WL_XSD = "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imswl_v1p3.xsd"
#: Zip timestamps are fixed, so that the same site gives the same file.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def cartridge_path(edition_id: str) -> str:
    """Where an edition's cartridge lives in the built site."""
    return cartridge_src_uri(edition_id)


@dataclass(frozen=True)
class WebLink:
    """One link in the cartridge: a chapter or a theory box."""

    id: str
    title: str
    url: str


def _weblink_xml(link: WebLink) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<webLink xmlns="{WL_NS}" xmlns:xsi="{XSI_NS}" '
        f'xsi:schemaLocation="{WL_NS} {_WL_XSD}">\n'
        f"  <title>{escape(link.title)}</title>\n"
        f'  <url href={quoteattr(link.url)} target="_blank"/>\n'
        "</webLink>\n"
    )


def manifest_xml(identifier: str, title: str, description: str, links: Sequence[WebLink]) -> str:
    """``imsmanifest.xml``: the metadata, one module of links, and a resource per link."""
    items = "".join(
        f'        <item identifier="I_{link.id}" identifierref="R_{link.id}">\n'
        f"          <title>{escape(link.title)}</title>\n"
        "        </item>\n"
        for link in links
    )
    resources = "".join(
        f'    <resource identifier="R_{link.id}" type="{WEBLINK_TYPE}">\n'
        f'      <file href="links/{link.id}.xml"/>\n'
        "    </resource>\n"
        for link in links
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<manifest identifier="{identifier}" xmlns="{CP_NS}" '
        f'xmlns:lomimscc="{LOM_MANIFEST_NS}" xmlns:xsi="{XSI_NS}" '
        f'xsi:schemaLocation="{CP_NS} {_CP_XSD} {LOM_MANIFEST_NS} {_LOM_XSD}">\n'
        "  <metadata>\n"
        "    <schema>IMS Thin Common Cartridge</schema>\n"
        "    <schemaversion>1.3.0</schemaversion>\n"
        "    <lomimscc:lom>\n"
        "      <lomimscc:general>\n"
        "        <lomimscc:title>\n"
        f'          <lomimscc:string language="nl">{escape(title)}</lomimscc:string>\n'
        "        </lomimscc:title>\n"
        "        <lomimscc:language>nl</lomimscc:language>\n"
        "        <lomimscc:description>\n"
        f'          <lomimscc:string language="nl">{escape(description)}</lomimscc:string>\n'
        "        </lomimscc:description>\n"
        "      </lomimscc:general>\n"
        "    </lomimscc:lom>\n"
        "  </metadata>\n"
        "  <organizations>\n"
        '    <organization identifier="O_1" structure="rooted-hierarchy">\n'
        '      <item identifier="I_root">\n'
        '      <item identifier="I_module">\n'
        f"        <title>{escape(title)}</title>\n"
        f"{items}"
        "      </item>\n"
        "      </item>\n"
        "    </organization>\n"
        "  </organizations>\n"
        "  <resources>\n"
        f"{resources}"
        "  </resources>\n"
        "</manifest>\n"
    )


def cartridge_bytes(
    identifier: str, title: str, description: str, links: Sequence[WebLink]
) -> bytes:
    """The ``.imscc`` file: a zip with the manifest and one XML file per web link."""
    files = [("imsmanifest.xml", manifest_xml(identifier, title, description, links))]
    files += [(f"links/{link.id}.xml", _weblink_xml(link)) for link in links]
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
