"""`dossier init`: a new dossier folder from the templates in templates/init/."""
