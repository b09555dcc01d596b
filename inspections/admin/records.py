"""Admin for plans, criteria, reference documents and inspection records."""
