"""Admin for notices: read-only once issued."""
