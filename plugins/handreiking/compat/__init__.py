"""The one door to upstream internals: every use of another package's private API.

MkDocs is frozen at 1.6, Material for MkDocs is in maintenance, and pymdown-extensions,
pybtex and Python-Markdown keep moving. What this package needs of them beyond their
documented API (a leading-underscore name, a method copied or overridden, an object
wrapped, a priority or attribute nobody promised) lives here, one module per upstream,
behind a small function or class whose name says what it does. Each module's docstring
names what it relies on and the versions it was written against; ``tests/test_compat.py``
holds one contract test per reliance, which names the upstream package and its installed
version when an upgrade breaks it, and checks that no module outside this folder touches
a private name of another package.
"""
