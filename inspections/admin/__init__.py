"""Admin for reference data, split by concept; importing the modules registers them."""

from inspections.admin import api, notices, records, signing  # noqa: F401
