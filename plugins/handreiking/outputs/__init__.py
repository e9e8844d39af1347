"""What a build makes beyond the chapters: links for the curriculum, PDFs, generated pages,
and the gate over all of it."""
