"""The MkDocs adapter: the plugin's events, its options, and what one build records."""
