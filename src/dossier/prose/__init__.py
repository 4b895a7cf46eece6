"""Markdown prose -> document model blocks, and the citation / cross-reference syntax."""
