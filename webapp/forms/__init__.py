"""Forms, one module per area; every one parses through webapp.parsing (text only, no NUL, bounded)."""
