from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "Cơ quan, đơn vị và người dùng"

    def ready(self):
        from django.apps import apps

        from config import security  # noqa: F401 (registers the deploy check on TRUSTED_PROXIES)

        # django-axes names its admin section after its label ("Axes"); its models are
        # translated in locale/vi.
        # The role groups (inspections/roles.py) are what people call "vai trò", not "nhóm".
        group = apps.get_model("auth", "Group")._meta
        group.verbose_name = group.verbose_name_plural = "vai trò"
        if apps.is_installed("axes"):
            apps.get_app_config("axes").verbose_name = "Khóa đăng nhập sai nhiều lần"
