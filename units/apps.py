from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "Cơ quan, đơn vị và người dùng"

    def ready(self):
        from config import security  # noqa: F401 (registers the deploy check on TRUSTED_PROXIES)
