from units.models import Organization


def organization(request):
    """Expose the issuing organisation (the board) to every template, lazily."""
    cache = {}

    def get():
        if "org" not in cache:
            cache["org"] = Organization.objects.default()
        return cache["org"]

    return {"organization": get}
