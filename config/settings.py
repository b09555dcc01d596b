"""The only settings module. Everything that differs per machine comes from the environment
(or an optional `.env` file beside manage.py); every variable read here is in `.env.example`."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")  # real environment variables still win

DEBUG = env.bool("DEBUG", default=False)
# The default starts with "django-insecure-": `check --deploy` reports it (security.W009) and
# the web server refuses to start with it while DEBUG is off (config.security).
SECRET_KEY = env("SECRET_KEY", default="django-insecure-only-for-development")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE: every atomic block takes SQLite's write lock when it begins, so two
    # clerks issuing at once wait for each other instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
            "PRAGMA recursive_triggers=ON"  # a REPLACE fires DELETE triggers (inspections.dbguards)
        ),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {
    # Per-process memory cache: the start page keeps its year figures here until the next
    # audited change (inspections.dashboard.cached).
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Shared by every app process and host: counts that must hold across them, such as the
    # verification page's posts per address and password-reset requests (config.throttle).
    # The database is the one service every process already shares; `migrate` creates the
    # table (inspections.apps).
    "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"},
}
AUTH_USER_MODEL = "units.User"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by us (no CDN, under the CSP)
    "units",
    "inspections",
]

MIDDLEWARE = [
    "config.addresses.TrustedProxyMiddleware",  # first: forwarded headers only from our proxies
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.throttle.ThrottleMiddleware",  # a throttled POST is refused before its body is read
    "config.uploads.UploadLimitMiddleware",  # before CSRF, which reads the body first
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "inspections.siteurl.SiteUrlMiddleware",  # the address a development server prints
    "config.sessions.HtmxAwareLoginRequiredMiddleware",  # nobody sees anything logged out (htmx: 401)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    "config.security.PrivateDocumentsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "units.context_processors.organization",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The lockout check comes first: a locked account+address is refused before its password is tried.
AUTHENTICATION_BACKENDS = [
    "config.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# A session lasts a working day from login (SESSION_HOURS), then the person logs in again.
SESSION_COOKIE_AGE = env.int("SESSION_HOURS", default=10) * 3600
# Resetting a forgotten password by e-mail: off (the pages answer 404) until an administrator
# turns it on; then at most so many requests an hour per address and per e-mail address.
PASSWORD_RESET_ENABLED = env.bool("PASSWORD_RESET_ENABLED", default=False)
PASSWORD_RESET_PER_ADDRESS = 5
PASSWORD_RESET_PER_ACCOUNT = 3
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

LANGUAGE_CODE = "vi"
# Vietnamese for what Django's admin and django-axes ship untranslated (locale/vi, issue 19).
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # dd/mm/yyyy when a date is typed (the admin)
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env("FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Served by Django's view when DEBUG is off and `collectstatic` has not run (development only).
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)

# The key that authenticates backups' manifests (HMAC-SHA256; inspections.services.backup).
# Keep it outside the backups (e.g. the server's environment file and the administrator's
# password safe): a backup restores only with the key it was made with. Without it, backup and
# restore refuse, except with DEBUG on, where a key derived from SECRET_KEY is used.
BACKUP_KEY = env("BACKUP_KEY", default="")

# Evidence files attached to findings (bytes).
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Where uploads above FILE_UPLOAD_MAX_MEMORY_SIZE wait while they are received (empty: the
# system's temporary folder). Never more than the page's limit (config.uploads).
FILE_UPLOAD_TEMP_DIR = env("FILE_UPLOAD_TEMP_DIR", default=None)

# The base address printed in signed PDFs' QR codes (the public verification page). It must be
# the address the app is reached on; empty in development: each request's own address
# (inspections/siteurl.py). Approving and issuing refuse while it is unset or wrong.
SITE_URL = env("SITE_URL", default="")

# Digital signatures (README "Signing"). The board's key: a PKCS#12 file and its password, or,
# when its registered certificate says PKCS#11, a token reached through SIGNING_PKCS11_MODULE
# with SIGNING_PKCS11_PIN. People's tokens use the same module; they type their own PIN.
# `manage.py make_signing_cert` writes self-signed development keys (DEBUG only).
SIGNING_P12 = env("SIGNING_P12", default=str(BASE_DIR / "var" / "signing.p12"))
SIGNING_P12_PASSWORD = env("SIGNING_P12_PASSWORD", default="demo-only")
SIGNING_PKCS11_MODULE = env("SIGNING_PKCS11_MODULE", default="")
SIGNING_PKCS11_PIN = env("SIGNING_PKCS11_PIN", default="")
# An RFC 3161 time-stamp authority: when set, every signature carries its time-stamp.
SIGNING_TSA_URL = env("SIGNING_TSA_URL", default="")
# PEM files of CA roots trusted when validating signatures (besides registered certificates).
SIGNING_TRUST_ROOTS = env.list("SIGNING_TRUST_ROOTS", default=[])

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="kiemtra-cchc@localhost")
# SMTP, used when EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)

# The proxies in front of the app (addresses or networks), e.g. 127.0.0.1 for nginx on the same
# host: only their X-Forwarded-For / X-Forwarded-Proto are believed (config.addresses). gunicorn
# must be given the same list as --forwarded-allow-ips.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
if env.bool("BEHIND_PROXY", default=False) and not TRUSTED_PROXIES:
    raise ImproperlyConfigured(
        "BEHIND_PROXY is replaced by TRUSTED_PROXIES: set it to the proxy's address, e.g. "
        "TRUSTED_PROXIES=127.0.0.1 for nginx on the same host (see README, Production)."
    )

# Production hardening; `manage.py check --deploy` is clean with the values in the README.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if TRUSTED_PROXIES:
    # Read only from a trusted proxy: TrustedProxyMiddleware drops it from anyone else.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (config.security.ContentSecurityPolicyMiddleware): only our own
# scripts and styles, nothing inline, no plugins, no framing. htmx's inline indicator style is
# switched off in base.html (htmx-config) and its CSS lives in app.css.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Failed-login lockout (django-axes and config.lockout): 5 wrong passwords for one username from
# one address lock that pair for 15 minutes; a successful login clears its count. From one
# address, whatever the usernames: after 10 failures one try per 30 seconds, at 20 failures
# every login from there is refused for 15 minutes. Admins unlock with
# `manage.py axes_reset_username <username>`, `axes_reset_ip <address>`, or in the admin.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "config.lockout.LoginLockoutHandler"
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.addresses.client_ip"
AXES_VERBOSE = False
LOGIN_ADDRESS_SLOWDOWN = env.int("LOGIN_ADDRESS_SLOWDOWN", default=10)
LOGIN_ADDRESS_DELAY = env.int("LOGIN_ADDRESS_DELAY", default=30)  # seconds
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)

# The REST API (inspections/api, README "REST API"): personal tokens or the browser's session
# (with CSRF); at most API_REQUESTS_PER_MINUTE requests a minute per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "inspections.api.access.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["inspections.api.access.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "inspections.api.errors.exception_handler",
}
API_REQUESTS_PER_MINUTE = env.int("API_REQUESTS_PER_MINUTE", default=120)
SPECTACULAR_SETTINGS = {
    "TITLE": "API Kiểm tra cải cách hành chính",
    "DESCRIPTION": "Hồ sơ kiểm tra công tác cải cách hành chính và thông báo kết quả "
    "(Nghị định 30/2020/NĐ-CP). Xác thực bằng mã truy cập cá nhân: tiêu đề `Authorization: Bearer <mã>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Vietnamese descriptions of the groups the docs page shows (named after the URL paths).
    "TAGS": [
        {"name": "units", "description": "Phòng, đơn vị được kiểm tra"},
        {"name": "plans", "description": "Kế hoạch kiểm tra, căn cứ và nội dung kiểm tra"},
        {"name": "inspections", "description": "Đợt kiểm tra"},
        {"name": "unit-checks", "description": "Buổi kiểm tra tại đơn vị"},
        {"name": "findings", "description": "Kết quả kiểm tra và tài liệu minh chứng"},
        {"name": "evidence", "description": "Tải tài liệu minh chứng"},
        {"name": "followups", "description": "Theo dõi khắc phục tồn tại, hạn chế"},
        {"name": "notices", "description": "Thông báo kết quả kiểm tra, sổ đăng ký, trình ký"},
    ],
    "ENUM_NAME_OVERRIDES": {
        "UnitCheckStatusEnum": "inspections.models.records.UnitCheck.Status",
        "NoticeStatusEnum": "inspections.models.notices.Notice.Status",
        "DocumentKindEnum": "inspections.models.notices.Notice.Kind",
        "FollowUpStatusEnum": "inspections.models.followup.FollowUp.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
