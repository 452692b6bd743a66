"""One module per document type; each renders a clean, upright page as a PIL image from a typed record."""
