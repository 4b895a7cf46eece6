"""Stage 3, assemble: validated sources + a format profile -> the document model."""
