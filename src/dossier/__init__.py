"""dossier: UNESCO World Heritage nomination dossiers from validated YAML sources."""

__version__ = "0.2.0"
# The name of the distribution on the package index ("dossier" there is another project);
# the import package and the command are both `dossier`.
DISTRIBUTION = "whc-dossier"
