"""Checkers registered with dossier.checks; importing this package registers them all."""
