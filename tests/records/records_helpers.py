"""Shared constants for the records tests."""

HX = {"HX-Request": "true"}
