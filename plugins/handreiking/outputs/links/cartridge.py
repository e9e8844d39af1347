"""An IMS Common Cartridge 1.1 (``.imscc``) of one edition, for learning platforms.

The cartridge holds web links only (a "thin" cartridge): the edition's chapters, its theory
boxes and its other parts (the quotes page, the literature list, the PDF), each group under
its own heading, in reading order. Version 1.1 because Moodle imports only 1.0 and 1.1
(its restore detects ``xmlns=".../imsccv1p1/imscp_v1p1"`` in the manifest's first 500
bytes and validates against the 1.1 schemas), and Canvas and Brightspace import 1.1 as
well: one file for every platform. The links to pages with an id are permanent addresses
(``/id/<id>/``), so a course imported years ago still lands on the right page after a
chapter moved. The file is reproducible: the same site gives the same bytes (fixed order,
fixed timestamps).
"""

from __future__ import annotations

import functools
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from handreiking.content.editions import cartridge_src_uri
from handreiking.content.licence import Licence

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


CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
WL_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1"
LOM_MANIFEST_NS = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
WEBLINK_TYPE = "imswl_xmlv1p1"
SCHEMA_VERSION = "1.1.0"
#: Where IMS publishes the schemas; the file names are those of the 1.1 binding.
_PROFILE = "http://www.imsglobal.org/profile/cc/ccv1p1"
CP_XSD = f"{_PROFILE}/ccv1p1_imscp_v1p2_v1p0.xsd"
LOM_XSD = f"{_PROFILE}/LOM/ccv1p1_lommanifest_v1p0.xsd"
WL_XSD = f"{_PROFILE}/ccv1p1_imswl_v1p1.xsd"
#: Zip timestamps are fixed, so that the same site gives the same file.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def cartridge_path(edition_id: str) -> str:
    """Where an edition's cartridge lives in the built site."""
    return cartridge_src_uri(edition_id)


@dataclass(frozen=True)
class WebLink:
    """One link in the cartridge: a chapter, a theory box, the quotes page, the PDF."""

    id: str
    title: str
    url: str


@dataclass(frozen=True)
class Group:
    """A heading in the cartridge (a module in Canvas, a section in Moodle) and its links."""

    id: str
    title: str
    links: tuple[WebLink, ...]


def _weblink_xml(link: WebLink) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<webLink xmlns="{WL_NS}" xmlns:xsi="{XSI_NS}" '
        f'xsi:schemaLocation="{WL_NS} {WL_XSD}">\n'
        f"  <title>{escape(link.title)}</title>\n"
        f'  <url href={quoteattr(link.url)} target="_blank"/>\n'
        "</webLink>\n"
    )


def _lang_string(tag: str, text: str, indent: str) -> str:
    return (
        f"{indent}<lomimscc:{tag}>\n"
        f'{indent}  <lomimscc:string language="nl">{escape(text)}</lomimscc:string>\n'
        f"{indent}</lomimscc:{tag}>\n"
    )


def manifest_xml(
    identifier: str,
    title: str,
    description: str,
    groups: Sequence[Group],
    licence: Licence,
) -> str:
    """``imsmanifest.xml``: the metadata, a heading per group of links, a resource per link."""
    items = ""
    for group in groups:
        items += (
            f'        <item identifier="G_{group.id}">\n'
            f"          <title>{escape(group.title)}</title>\n"
        )
        items += "".join(
            f'          <item identifier="I_{link.id}" identifierref="R_{link.id}">\n'
            f"            <title>{escape(link.title)}</title>\n"
            "          </item>\n"
            for link in group.links
        )
        items += "        </item>\n"
    resources = "".join(
        f'    <resource identifier="R_{link.id}" type="{WEBLINK_TYPE}">\n'
        f'      <file href="links/{link.id}.xml"/>\n'
        "    </resource>\n"
        for group in groups
        for link in group.links
    )
    # The default namespace comes first on <manifest>: Moodle recognises a 1.1
    # cartridge by that declaration within the file's first 500 bytes.
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<manifest xmlns="{CP_NS}" identifier="{identifier}" '
        f'xmlns:lomimscc="{LOM_MANIFEST_NS}" xmlns:xsi="{XSI_NS}" '
        f'xsi:schemaLocation="{CP_NS} {CP_XSD} {LOM_MANIFEST_NS} {LOM_XSD}">\n'
        "  <metadata>\n"
        "    <schema>IMS Common Cartridge</schema>\n"
        f"    <schemaversion>{SCHEMA_VERSION}</schemaversion>\n"
        "    <lomimscc:lom>\n"
        "      <lomimscc:general>\n"
        f"{_lang_string('title', title, '        ')}"
        "        <lomimscc:language>nl</lomimscc:language>\n"
        f"{_lang_string('description', description, '        ')}"
        "      </lomimscc:general>\n"
        "      <lomimscc:rights>\n"
        "        <lomimscc:copyrightAndOtherRestrictions>\n"
        "          <lomimscc:value>yes</lomimscc:value>\n"
        "        </lomimscc:copyrightAndOtherRestrictions>\n"
        f"{_lang_string('description', licence.text, '        ')}"
        "      </lomimscc:rights>\n"
        "    </lomimscc:lom>\n"
        "  </metadata>\n"
        "  <organizations>\n"
        '    <organization identifier="O_1" structure="rooted-hierarchy">\n'
        '      <item identifier="I_root">\n'
        f"{items}"
        "      </item>\n"
        "    </organization>\n"
        "  </organizations>\n"
        "  <resources>\n"
        f"{resources}"
        "  </resources>\n"
        "</manifest>\n"
    )


def cartridge_files(
    identifier: str,
    title: str,
    description: str,
    groups: Sequence[Group],
    licence: Licence,
) -> list[tuple[str, str]]:
    """Every file of the cartridge, by name: the manifest and one XML file per web link."""
    files = [("imsmanifest.xml", manifest_xml(identifier, title, description, groups, licence))]
    files += [
        (f"links/{link.id}.xml", _weblink_xml(link)) for group in groups for link in group.links
    ]
    return files


def cartridge_bytes(
    identifier: str,
    title: str,
    description: str,
    groups: Sequence[Group],
    licence: Licence,
) -> bytes:
    """The ``.imscc`` file: a zip with the manifest and one XML file per web link."""
    return _zipped(tuple(cartridge_files(identifier, title, description, groups, licence)))


# The same files give the same bytes (a fixed time, one compression): the preview, whose
# cartridges most edits leave as they were, compresses each set of files once.
@functools.lru_cache(maxsize=16)
def _zipped(files: tuple[tuple[str, str], ...]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
