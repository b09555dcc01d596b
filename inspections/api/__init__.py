"""The REST API under /api/v1/ (Django REST framework, schema by drf-spectacular).

Function views like the pages', and the same services for every write: a request through the
API checks the same permissions, locks the same rows and writes the same audit lines as the
page. access.py authenticates and counts requests, errors.py words refusals in Vietnamese,
serializers.py says what each record looks like, reads.py / writes.py / files.py are the views.
"""
