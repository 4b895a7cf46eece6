"""Shared vocabulary of every stage: diagnostics, the document model, ids, safe paths, cache, atomic output."""
