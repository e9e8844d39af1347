"""The ``handreiking`` command."""
