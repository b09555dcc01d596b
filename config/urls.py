from django.contrib import admin
from django.urls import include, path

from units import views as unit_views

admin.site.site_header = "Quản trị – Kiểm tra cải cách hành chính"
admin.site.site_title = "Quản trị"
admin.site.index_title = "Dữ liệu danh mục"

urlpatterns = [
    path("", unit_views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("inspections.urls")),
]
