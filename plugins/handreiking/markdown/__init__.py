"""Markdown extensions for handreiking pages; each works in plain Python-Markdown."""
