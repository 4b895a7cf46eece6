"""Stage 2, validate: schema, references, suppressions, the rule catalogue and the rules."""
