"""The co-authors' data and its rules: reading, validating and modelling it. No MkDocs here."""
