"""PDF input: PDFium reader, text-layer checks and repairs, geometry layout into the text path's articles."""
