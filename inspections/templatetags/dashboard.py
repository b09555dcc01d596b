from django import template

from inspections import notifications

register = template.Library()


@register.inclusion_tag("_notifications_badge_link.html", takes_context=True)
def notifications_badge(context):
    """The header badge: how many notifications are new for the person logged in.

    Cached on the request, so the notifications page does not compute it twice.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    if not hasattr(request, "_notifications_new"):
        request._notifications_new = notifications.cached_new_count(user)
    return {"show": True, "count": request._notifications_new}
