from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from units import views as unit_views

admin.site.site_header = "Quản trị – Kiểm tra cải cách hành chính"
admin.site.site_title = "Quản trị"
admin.site.index_title = "Dữ liệu danh mục"

# Accounts: log in and out, and change one's own password once logged in. Resetting a
# forgotten password by e-mail answers 404 until PASSWORD_RESET_ENABLED is set.
accounts = [
    path("login/", unit_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password_reset/", unit_views.PasswordResetView.as_view(), name="password_reset"),
    path("password_reset/done/", unit_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        unit_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", unit_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

urlpatterns = [
    path("", unit_views.home, name="home"),
    path("accounts/", include(accounts)),
    path("admin/", admin.site.urls),
    path("api/v1/", include("inspections.api.urls")),
    path("", include("inspections.urls")),
]

handler500 = "config.errors.server_error"
