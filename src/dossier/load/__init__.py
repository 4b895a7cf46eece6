"""Stage 1, load: read the dossier folder into data that keeps file:line:col."""
