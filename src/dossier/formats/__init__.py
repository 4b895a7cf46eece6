"""Official document formats as data (templates/formats): profiles, sections, labels."""
