from inspections.views.dashboard import dashboard_page


def home(request):
    """The start page after login is the leaders' dashboard (it also lists the units by kind)."""
    return dashboard_page(request)
