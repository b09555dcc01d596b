"""Error pages in Vietnamese, in the site's layout, with nothing of the app's internals.

404, 403 and 400 are Django's own views with our templates (templates/404.html …). The 500
page must show even when the database or a context processor is what failed: it is
rendered without a request context, and falls back to plain HTML if even that fails.
"""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

FALLBACK_500 = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Lỗi hệ thống</title></head>
<body><main><h1>Lỗi hệ thống</h1>
<p>Đã có lỗi ngoài ý muốn; thao tác vừa rồi có thể chưa được lưu. Vui lòng thử lại sau ít phút.
Nếu vẫn lỗi, hãy báo quản trị hệ thống, kèm thời điểm xảy ra.</p>
<p><a href="/">Về trang chủ</a></p></main></body></html>"""


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """handler500: the 500 page without the database, context processors or the request."""
    try:
        return HttpResponseServerError(loader.get_template(template_name).render())
    except Exception:  # noqa: BLE001 - whatever broke the page must not hide that there was an error
        return HttpResponseServerError(FALLBACK_500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: an expired or foreign form, said in Vietnamese (the reason is not shown)."""
    return render(request, "403_csrf.html", status=403)
