"""dossier: UNESCO World Heritage nomination dossiers from validated YAML sources."""

__version__ = "0.1.0"
