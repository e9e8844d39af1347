"""Links for the curriculum: permanent addresses, moved pages, the catalog, citations and
the Common Cartridge.

Course pages of the HvA and the Vrijwilligersacademie link to chapters, sections, theory
boxes and quotes, and students cite them. This package turns what the build knows about
those linkable units into:

- ``/id/<id>/``: a permanent address per chapter and theory box (:mod:`.redirects`);
- redirects at the old address of moved pages, from ``verhuisd.yml`` (:mod:`.redirects`);
- the record of every address the site has published, which a build may not lose
  (:mod:`.addresses`);
- ``/catalog.json`` and its JSON Schema (:mod:`.catalog`);
- "Citeer deze pagina": APA, BibTeX, RIS and Highwire meta tags (:mod:`.citation`);
- an IMS Common Cartridge 1.1 of web links per published edition (:mod:`.cartridge`).

:class:`~handreiking.outputs.links.collector.Links` collects the units while MkDocs renders the
pages and writes everything after the build; ``plugin/events.py`` only calls it.
"""

from __future__ import annotations

from handreiking.outputs.links.collector import Links, LinkUnit, Section

__all__ = ["LinkUnit", "Links", "Section"]
