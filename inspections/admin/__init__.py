"""Admin for reference data, split by concept; importing the modules registers them."""

from inspections.admin import notices, records, signing  # noqa: F401
