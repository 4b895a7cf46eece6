"""DOCX renderer: document model -> Word package (and the optional LibreOffice field update)."""
