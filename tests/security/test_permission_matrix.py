"""Every URL × every role gets the status written in EXPECTED, generated from the URL conf.

RULE FOR NEW URLS: a URL without a row in EXPECTED fails `test_every_url_has_a_row`. Add one
row per URL name: what each role gets on GET and, for a view that changes anything, on POST.
Path parameters are filled from the `world` fixture (tests/security/conftest.py): `pk` from the
object named by the URL name's first word (PK_BY_PREFIX: "notice-detail" -> world.notice),
other parameters by name (PARAMETERS); a row's `kwargs` overrides both (e.g. the approved
notice for "notice-issue"). Each role's request runs in its own rolled-back savepoint, so a
POST that succeeds for one role does not change what the next role sees.
"""

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.contrib.messages import ERROR, get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from inspections.forms.notices import NoticeForm, notice_formsets
from inspections.forms.records import InspectionForm, UnitCheckForm
from inspections.models import Finding, FollowUp, FollowUpReport, UnitCheck

pytestmark = pytest.mark.django_db

# "unit_member": one of a unit's people with no role (the unit whose shortcoming has reported):
# reads its own unit's history and follow-up, and the issued notices that concern the unit.
ROLES = ("anonymous", "no_role", "unit_member", "inspector", "leader", "clerk", "admin")
USERS = ROLES[1:]
# Each persona is a different person at a different machine (the public page counts posts
# per address: six posts from one address in a minute would be throttled).
ADDRESSES = {role: f"192.0.2.{number}" for number, role in enumerate(ROLES, start=10)}


@dataclass(frozen=True)
class Redirect:
    """302 to the page named `to` (the query string, e.g. ?next=, is not compared)."""

    to: str

    def __repr__(self):
        return f"→{self.to}"


LOGIN = Redirect(settings.LOGIN_URL)
ADMIN_LOGIN = Redirect("admin:login")


def everyone(status=200) -> dict:
    """Logged-in people of any role (or none) get `status`; anonymous visitors go to login."""
    return {"anonymous": LOGIN} | dict.fromkeys(USERS, status)


def only(*roles, status=200, others=403) -> dict:
    """The named roles get `status`, other logged-in people `others`, anonymous goes to login.
    "admin" is the superuser persona: list it when a superuser may act (has every permission)."""
    unknown = set(roles) - set(USERS)
    assert not unknown, f"unknown roles {unknown}"
    return {"anonymous": LOGIN} | {role: status if role in roles else others for role in USERS}


def public(status=200) -> dict:
    return dict.fromkeys(ROLES, status)


def readers(status=200) -> dict:
    """Every working role reads the records and notices (DESIGN.md §1; issue 3: leaders and
    clerks read); a person with no role gets 403."""
    return only("inspector", "leader", "clerk", "admin", status=status)


def writers(status=200) -> dict:
    """Inspectors write the records, draft notices and follow shortcomings up."""
    return only("inspector", "admin", status=status)


def not_allowed() -> dict:
    """GET on a view that only takes POST."""
    return everyone(405)


def api_readers(status=200) -> dict:
    """An API endpoint the working roles read: 401 without a token or session, else as readers()."""
    return readers(status) | {"anonymous": 401}


def api_only(*roles, status=200, others=403) -> dict:
    return only(*roles, status=status, others=others) | {"anonymous": 401}


@dataclass(frozen=True)
class Row:
    get: dict
    post: dict | None = None  # None: a read-only page; POST is not tried
    kwargs: Callable | None = None  # world -> path parameters, instead of the defaults
    data: Callable = field(default=lambda world: {})  # world -> POST (and PATCH) body
    patch: dict | None = None  # API endpoints that edit: what each role gets on PATCH
    as_json: bool = False  # send the body as JSON (API) instead of a form
    headers: Callable = field(default=lambda world: {})  # world -> request headers (e.g. If-Match)
    # An allowed POST that answers with an error message (e.g. "cannot issue a draft") means
    # the row's data is wrong, and the test says so. Set this where the refusal is the point.
    error_message_expected: bool = False


# URL name -> what each role gets. One row per URL; keep them grouped as the URL conf is.
EXPECTED: dict[str, Row] = {
    "home": Row(get=everyone()),
    # django.contrib.auth (accounts/)
    "login": Row(get=public(), post=public(200)),  # an empty form comes back with its errors
    "logout": Row(get={"anonymous": LOGIN} | dict.fromkeys(USERS, 405), post=everyone(200)),
    "password_change": Row(get=everyone(), post=everyone(200)),
    "password_change_done": Row(get=everyone()),
    # Resetting a password by e-mail is off until an administrator turns it on (issue 18);
    # tests/security/test_security_accounts.py covers POST (404 too) and the pages once it is on.
    "password_reset": Row(get=public(404)),
    "password_reset_done": Row(get=public(404)),
    "password_reset_confirm": Row(
        get=public(404), kwargs=lambda world: {"uidb64": "MQ", "token": "set-password"}
    ),
    "password_reset_complete": Row(get=public(404)),
    # The admin checks staff status itself; its index stands for the whole site (skipped below).
    "admin:index": Row(
        get={"anonymous": ADMIN_LOGIN} | dict.fromkeys(USERS[:-1], ADMIN_LOGIN) | {"admin": 200}
    ),
    # --- inspections: records (plans, rounds, visits, findings, evidence) ---
    # Inspectors write; leaders and clerks read (issue 3); a person with no role sees nothing.
    "inspections:plan-list": Row(get=readers()),
    "inspections:plan-detail": Row(get=readers()),
    "inspections:inspection-list": Row(get=readers()),
    "inspections:inspection-detail": Row(get=readers()),
    "inspections:inspection-create": Row(
        get=writers(), post=writers(status=302), data=lambda world: new_round_data(world)
    ),
    "inspections:inspection-edit": Row(
        get=writers(),
        post=writers(status=302),
        data=lambda world: form_data(InspectionForm(instance=world.inspection)),
    ),
    "inspections:unitcheck-create": Row(
        get=writers(),
        post=writers(status=302),
        kwargs=lambda world: {"inspection_pk": world.next_round.pk},
        data=lambda world: {
            "unit": world.unit.pk,
            "checked_on": "2024-06-04",
            "status": UnitCheck.Status.DONE,
            "attendees": "Trưởng phòng và các công chức của phòng",
        },
    ),
    # Scheduling every unit of a round without a visit, one day each (issue 19).
    "inspections:unitcheck-schedule": Row(
        get=writers(),
        post=writers(status=302),
        kwargs=lambda world: {"inspection_pk": world.next_round.pk},
        data=lambda world: {f"unit_{unit.pk}": "04/06/2024" for unit in world.next_round.units.all()},
    ),
    "inspections:unitcheck-edit": Row(
        get=writers(),
        post=writers(status=302),
        data=lambda world: form_data(UnitCheckForm(instance=world.unit_check, inspection=world.inspection)),
    ),
    "inspections:unitcheck-detail": Row(get=readers()),
    "inspections:unitcheck-minutes": Row(get=readers()),
    # The signed biên bản, scanned: the team (inspectors) and the clerks attach it; every reader
    # downloads it (its SHA-256 checked first).
    "inspections:unitcheck-minutes-scan": Row(
        get=not_allowed(),
        post=only("inspector", "clerk", "admin", status=302),
        data=lambda world: {
            "file": SimpleUploadedFile("Biên bản đã ký.pdf", b"%PDF-1.4 signed minutes", "application/pdf")
        },
    ),
    "inspections:minutesscan-download": Row(
        get=readers(), kwargs=lambda world: {"pk": minutes_scan(world).pk}
    ),
    # The inline finding editor answers htmx; a plain POST is redirected to the visit page.
    "inspections:finding-row": Row(get=readers()),
    "inspections:finding-form": Row(
        get=writers(),
        post=writers(status=302),
        data=lambda world: {
            "result": Finding.Result.COMPLIANT,
            "observation": "Thực hiện nghiêm túc nội quy, quy chế làm việc.",
            "recommendation": "",
            "version": world.finding.version,
        },
    ),
    "inspections:finding-delete": Row(get=not_allowed(), post=writers(status=302)),
    "inspections:evidence-add": Row(
        get=not_allowed(),
        post=writers(status=302),
        data=lambda world: {
            "file": SimpleUploadedFile("Biên bản.pdf", b"%PDF-1.4 minutes", "application/pdf")
        },
    ),
    "inspections:evidence-delete": Row(get=not_allowed(), post=writers(status=302)),
    "inspections:evidence-download": Row(get=readers()),
    "inspections:search": Row(get=readers()),
    # --- inspections: notices (drafting, review, issue, register) ---
    # Inspectors draft and submit; leaders return or approve (not their own drafts); clerks issue.
    "inspections:notice-list": Row(get=readers()),
    "inspections:notice-register": Row(get=readers()),
    "inspections:notice-register-export": Row(get=readers()),
    "inspections:notice-register-metadata": Row(get=readers()),
    # The clerk keeps the register: enters documents issued outside the app and corrects them.
    "inspections:register-entry-create": Row(
        get=only("clerk", "admin"),
        post=only("clerk", "admin", status=302),
        data=lambda world: entry_data(number=810, on="2023-03-02"),
    ),
    "inspections:register-entry-detail": Row(
        get=readers(), kwargs=lambda world: {"pk": external_entry(world).pk}
    ),
    "inspections:register-entry-edit": Row(
        get=only("clerk", "admin"),
        post=only("clerk", "admin", status=302),
        kwargs=lambda world: {"pk": external_entry(world).pk},
        data=lambda world: (
            entry_data(number=146, on="2023-01-12") | {"reason": "Sửa trích yếu theo bản giấy."}
        ),
    ),
    "inspections:notice-detail": Row(get=readers()),
    "inspections:notice-edit": Row(
        get=writers(), post=writers(status=302), data=lambda world: notice_edit_data(world)
    ),
    # The world has several open notices of one round: the drafter confirms the warning.
    "inspections:notice-submit": Row(
        get=not_allowed(), post=writers(status=302), data=lambda world: {"proceed": "on"}
    ),
    "inspections:notice-return": Row(
        get=not_allowed(),
        post=only("leader", "admin", status=302),
        kwargs=lambda world: {"pk": world.notices["in_review"].pk},
        data=lambda world: {"comment": "Bổ sung kết quả của Văn phòng."},
    ),
    # Approving is signing, and only the notice's signer signs (the world's leader): the
    # superuser is refused with a message and sent back to the notice.
    "inspections:notice-approve": Row(
        get=only("leader") | {"admin": 302},
        post=only("leader", status=302) | {"admin": 302},
        kwargs=lambda world: {"pk": world.notices["in_review"].pk},
        data=lambda world: {"comment": "Đồng ý.", "secret": leader_key(world)},
        error_message_expected=True,
    ),
    "inspections:notice-to-sign-pdf": Row(
        get=only("leader") | {"admin": 302},
        kwargs=lambda world: {"pk": world.notices["in_review"].pk},
    ),
    # A file that carries no signature: the leader's form says why (400); the superuser is refused.
    "inspections:notice-approve-upload": Row(
        get=not_allowed(),
        post=only("leader", status=400) | {"admin": 302},
        kwargs=lambda world: {"pk": world.notices["in_review"].pk},
        data=lambda world: {
            "da-ky-file": SimpleUploadedFile("da-ky.pdf", b"%PDF-1.7 not signed", "application/pdf")
        },
        error_message_expected=True,
    ),
    "inspections:notice-issue": Row(
        get=only("clerk", "admin"),
        post=only("clerk", "admin", status=302),
        kwargs=lambda world: {"pk": world.notices["approved"].pk},
        # 2881 with nothing issued this year leaves a gap the clerk must confirm (issue 17).
        data=lambda world: {
            "number": 2881,
            "issued_on": timezone.localdate().isoformat(),
            "confirm_gap": "2881",
        },
    ),
    "inspections:notice-replace": Row(
        get=not_allowed(), post=writers(status=302), kwargs=lambda world: {"pk": world.notices["issued"].pk}
    ),
    # The round has a draft already: the drafter confirms another (else a page asks first).
    "inspections:notice-draft": Row(
        get=not_allowed(), post=writers(status=302), data=lambda world: {"confirm": "on"}
    ),
    # The round's other documents (issue 13): a plan's inspection plan drafted from its records.
    "inspections:document-draft": Row(
        get=not_allowed(),
        post=writers(status=302),
        kwargs=lambda world: {"kind": "plan", "source_pk": world.plan.pk},
    ),
    "inspections:notice-refresh": Row(get=not_allowed(), post=writers(status=302)),
    # Only the drafter (the inspector persona drafted world.draft) or an administrator deletes.
    "inspections:notice-delete": Row(get=not_allowed(), post=writers(status=302)),
    # --- inspections: PDF, verification, print ---
    # A unit's people read the issued notices of their unit (the draft of notice-detail: never).
    "inspections:notice-pdf": Row(
        get=readers() | {"unit_member": 200}, kwargs=lambda world: {"pk": world.notices["issued"].pk}
    ),
    # The one public page: anyone may look up a code and check a file against it.
    "inspections:verify": Row(
        get=public(),
        post=public(),
        data=lambda world: {"file": SimpleUploadedFile("2880.pdf", b"%PDF-1.7 not the issued bytes")},
    ),
    "inspections:print-merged": Row(
        get=not_allowed(), post=readers(), data=lambda world: {"notices": [world.notices["issued"].pk]}
    ),
    # --- inspections: import of existing notices (clerks), Word export (readers) ---
    "inspections:import-upload": Row(get=only("clerk", "admin"), post=only("clerk", "admin")),
    # Without a preview in this session there is nothing to save: back to the upload page with
    # a message (saving a previewed file is tests/imports' job).
    "inspections:import-save": Row(
        get=not_allowed(),
        post=only("clerk", "admin", status=Redirect("inspections:import-upload")),
        data=lambda world: {"token": "not-from-this-session"},
        error_message_expected=True,
    ),
    "inspections:notice-docx": Row(get=readers()),
    "inspections:notice-metadata": Row(
        get=readers(), kwargs=lambda world: {"pk": world.notices["issued"].pk}
    ),
    "inspections:notice-source": Row(
        get=readers(), kwargs=lambda world: {"pk": world.notices["imported"].pk}
    ),
    "inspections:notice-paper-copy": Row(
        get=not_allowed(),
        post=only("clerk", "admin", status=302),
        kwargs=lambda world: {"pk": world.notices["imported"].pk},
    ),
    # --- inspections: dashboard, follow-up, reports, notifications ---
    "inspections:dashboard": Row(get=everyone()),
    "inspections:notification-list": Row(get=everyone()),
    # Unit members also see their own unit's shortcomings (tests/dashboard); nobody else without a role.
    "inspections:followup-list": Row(get=readers() | {"unit_member": 200}),
    "inspections:shortcomings-xlsx": Row(get=readers() | {"unit_member": 200}),
    "inspections:followup-detail": Row(get=readers() | {"unit_member": 200}),
    # The unit reports (or an inspector on its behalf); inspectors close or reopen.
    "inspections:followup-report": Row(
        get=not_allowed(),
        post=writers(status=302) | {"unit_member": 302},
        data=lambda world: {"text": "Đã niêm yết Bản cam kết tại bộ phận một cửa ngày 20/6/2023."},
    ),
    "inspections:followup-close": Row(
        get=not_allowed(), post=writers(status=302), data=lambda world: {"comment": "Đã kiểm tra lại."}
    ),
    "inspections:followup-reopen": Row(
        get=not_allowed(),
        post=writers(status=302),
        data=lambda world: {"comment": "Chưa niêm yết tại cơ sở 2."},
    ),
    # Withdrawing a shortcoming recorded in error: the inspectors' follow-up decision.
    "inspections:followup-withdraw": Row(
        get=not_allowed(),
        post=writers(status=302),
        data=lambda world: {"result": "noted", "reason": "Ghi nhầm đơn vị."},
    ),
    # A follow-up report's evidence file: whoever may see the follow-up.
    "inspections:followup-report-file": Row(
        get=readers() | {"unit_member": 200},
        kwargs=lambda world: {"pk": world.shortcoming.pk, "report_pk": followup_report(world).pk},
    ),
    # The unit's own page: its people read it (another unit's: 403, as tests/dashboard shows).
    "inspections:unit-history": Row(
        get=readers() | {"unit_member": 200},
        kwargs=lambda world: {"pk": world.shortcoming.unit_check.unit_id},
    ),
    "inspections:unitcheck-fill-compliant": Row(
        get=not_allowed(), post=writers(status=302), kwargs=lambda world: {"pk": world.unit_check.pk}
    ),
    # Next year's plan is started from this one by those who may add plans (administrators).
    "inspections:plan-next-year": Row(get=not_allowed(), post=only("admin", status=302)),
    "inspections:inspection-carryover": Row(get=readers()),
    "inspections:inspection-start-next": Row(
        get=writers(),
        post=writers(status=302),
        data=lambda world: {
            "title": "Kiểm tra CCHC tại các phòng, đợt 2 năm 2023",
            "plan": world.plan.pk,
            "starts_on": "2023-11-06",
            "ends_on": "2023-11-10",
        },
    ),
    "inspections:inspection-findings-xlsx": Row(get=readers()),
    "inspections:year-summary-pdf": Row(get=readers()),
    "inspections:api-token-list": Row(
        get=everyone(), post=everyone(), data=lambda world: {"name": "Tập lệnh báo cáo"}
    ),
    # The token's owner (the inspector) or an administrator revokes it.
    "inspections:api-token-revoke": Row(
        get=not_allowed(),
        post=only("inspector", "admin", status=302),
        kwargs=lambda world: {"pk": inspector_token(world).pk},
    ),
    # --- REST API (/api/v1/): the same roles as the pages; no token or session -> 401 ---
    "api:unit-list": Row(get=api_readers()),
    "api:plan-list": Row(get=api_readers()),
    "api:plan-detail": Row(get=api_readers()),
    "api:inspection-list": Row(get=api_readers()),
    "api:inspection-detail": Row(get=api_readers()),
    "api:unitcheck-list": Row(get=api_readers()),
    "api:unitcheck-detail": Row(get=api_readers()),
    "api:finding-list": Row(
        get=api_readers(),
        post=api_only("inspector", "admin", status=201),
        data=lambda world: new_finding_data(world),
        as_json=True,
    ),
    "api:finding-detail": Row(
        get=api_readers(),
        patch=api_only("inspector", "admin"),
        data=lambda world: {"observation": "Đã niêm yết đầy đủ thủ tục hành chính."},
        headers=lambda world: {"If-Match": f'"{world.finding.version}"'},
        as_json=True,
    ),
    "api:finding-evidence": Row(
        get=api_only(status=405, others=405),
        post=api_only("inspector", "admin", status=201),
        kwargs=lambda world: {"pk": world.finding.pk},
        data=lambda world: {
            "file": SimpleUploadedFile("Biên bản.pdf", b"%PDF-1.4 minutes", "application/pdf")
        },
    ),
    "api:evidence-file": Row(get=api_readers()),
    # A unit's people read and report on their own unit's shortcomings, as on the pages.
    "api:followup-list": Row(get=api_readers() | {"unit_member": 200}),
    "api:followup-detail": Row(get=api_readers() | {"unit_member": 200}),
    "api:followup-report": Row(
        get=api_only(status=405, others=405),
        post=api_only("inspector", "unit_member", "admin", status=201),
        data=lambda world: {"text": "Đã niêm yết Bản cam kết tại bộ phận một cửa ngày 20/6/2023."},
    ),
    "api:notice-list": Row(get=api_readers()),
    "api:notice-register": Row(get=api_readers()),
    "api:notice-detail": Row(get=api_readers()),
    # As the page: a unit's people read the issued notices of their unit.
    "api:notice-pdf": Row(
        get=api_readers() | {"unit_member": 200}, kwargs=lambda world: {"pk": world.notices["issued"].pk}
    ),
    "api:notice-submit": Row(
        get=api_only(status=405, others=405),
        post=api_only("inspector", "admin"),
        data=lambda world: {"proceed": True},  # read the checklist's warnings, submit anyway
        as_json=True,
    ),
    # Only the notice's signer (the world's leader) signs; the superuser is refused by the rule (409).
    "api:notice-to-sign-pdf": Row(
        get=api_only("leader") | {"admin": 409}, kwargs=lambda world: {"pk": world.notices["in_review"].pk}
    ),
    # A file that carries no signature: the leader is told why (400), nothing written.
    "api:notice-signed-file": Row(
        get=api_only(status=405, others=405),
        post=api_only("leader", status=400) | {"admin": 409},
        kwargs=lambda world: {"pk": world.notices["in_review"].pk},
        data=lambda world: {
            "file": SimpleUploadedFile("da-ky.pdf", b"%PDF-1.7 not signed", "application/pdf")
        },
    ),
    "api:schema": Row(get=everyone() | {"anonymous": 401}),
    "api:docs": Row(get=everyone()),
}


_LEADER_KEYS = {}


def inspector_token(world):
    """A live API token of the world's inspector, made the first time a row asks."""
    from inspections.services.api_tokens import create_token

    if not hasattr(world, "inspector_token"):
        inspector = world.users["inspector"]
        world.inspector_token, _ = create_token(inspector, name="Tập lệnh", by=inspector)
    return world.inspector_token


def new_finding_data(world) -> dict:
    """A finding for a visit made inside the role's savepoint (the demo's visits are all filled);
    asked twice in one transaction (the CSRF test), the same visit."""
    visit, _ = UnitCheck.objects.get_or_create(
        inspection=world.next_round, unit=world.unit, defaults={"checked_on": "2024-06-04"}
    )
    criterion = next(
        c for c in world.plan.criteria.order_by("position") if c.applies_to_kind(world.unit.kind)
    )
    return {
        "unit_check": visit.pk,
        "criterion": criterion.pk,
        "result": Finding.Result.COMPLIANT,
        "observation": "Thực hiện nghiêm túc nội quy, quy chế làm việc.",
    }


def leader_key(world) -> str:
    """Register a PKCS#12 key and a signature image for the world's leader (inside the role's
    savepoint); return the key's password."""
    from inspections.models import Certificate, SigningImage
    from inspections.services.certificates import register_certificate, save_signing_image
    from inspections.signing import certificates, images

    leader = world.users["leader"]
    if not Certificate.objects.of_person(leader).exists():
        if "keys" not in _LEADER_KEYS:
            _LEADER_KEYS["keys"] = certificates.make_self_signed(leader.display_name, organization="BQL")
        key, cert = _LEADER_KEYS["keys"]
        record = Certificate(holder="person", user=leader, key_store="pkcs12")
        info = certificates.read_certificate(certificates.der_of(cert))
        register_certificate(
            record, info, by=world.users["admin"], pkcs12=certificates.pkcs12_bytes(key, cert, "pw")
        )
        picture = SigningImage(kind="signature", user=leader, width_mm=42)
        save_signing_image(picture, images.demo_signature(leader.display_name), by=world.users["admin"])
    return "pw"


def form_data(*forms) -> dict:
    """What a browser posts back for unchanged `forms` (and formsets): every field's value."""
    data = {}
    for form in forms:
        if hasattr(form, "management_form"):
            data |= form_data(form.management_form, *form.forms)
            continue
        for bound in form:
            value = bound.field.prepare_value(bound.value())
            if value is None:
                value = ""
            if bound.field.disabled:
                continue
            data[bound.html_name] = value
    return data


def notice_edit_data(world) -> dict:
    notice = world.notice
    return form_data(NoticeForm(instance=notice), *notice_formsets(notice)) | {
        "signer": world.users["leader"].pk,
        "authority": "KT.",
    }


def new_round_data(world) -> dict:
    return {
        "plan": world.plan.pk,
        "title": "Kiểm tra CCHC tại các phòng, đợt 2 năm 2023",
        "units": [world.unit.pk],
        "starts_on": "2023-11-06",
        "ends_on": "2023-11-10",
    }


# Namespaces left to their own permission system: only rows listed above are checked there.
SKIPPED_NAMESPACES = {"admin"}

# `pk` in a URL named "<prefix>-…" is the pk of this world attribute.
PK_BY_PREFIX = {
    "notice": "notice",
    "inspection": "inspection",
    "unitcheck": "unit_check",
    "finding": "finding",
    "evidence": "evidence",
    "followup": "shortcoming",
    "plan": "plan",
    "criterion": "criterion",
    "unit": "unit",
}


def followup_report(world):
    """A report with an evidence file on the world's shortcoming, made the first time a row asks."""
    if not hasattr(world, "followup_report"):
        report = FollowUpReport(
            followup=FollowUp.objects.get(finding=world.shortcoming),
            text="Đã niêm yết Bản cam kết tại bộ phận một cửa.",
            reported_by=world.users["inspector"],
            reported_at=timezone.now(),
            token=uuid.uuid4().hex,
            extension="pdf",
            content_type="application/pdf",
            original_name="Ảnh niêm yết.pdf",
            size=20,
        )
        report.file.save("ignored.pdf", ContentFile(b"%PDF-1.4 followup"), save=True)
        world.followup_report = report
    return world.followup_report


def minutes_scan(world):
    """A signed scan of the world's visit's biên bản, made the first time a row asks."""
    if not hasattr(world, "minutes_scan"):
        from inspections.models import MinutesScan

        content = b"%PDF-1.4 signed minutes"
        scan = MinutesScan(
            unit_check=world.unit_check,
            token=uuid.uuid4().hex,
            extension="pdf",
            content_type="application/pdf",
            original_name="Biên bản đã ký.pdf",
            size=len(content),
            file_sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=world.users["clerk"],
        )
        scan.file.save("ignored.pdf", ContentFile(content), save=True)
        world.minutes_scan = scan
    return world.minutes_scan


def entry_data(*, number: int, on: str) -> dict:
    """The register form for a plan issued outside the app (the gap it may leave confirmed)."""
    return {
        "kind": "plan",
        "number": str(number),
        "symbol": "KH-BQL",
        "issued_on": on,
        "summary": "triển khai thực hiện cải cách hành chính năm 2023",
        "confirm_gap": str(number),
    }


def external_entry(world):
    """146/KH-BQL of 12/01/2023, entered by hand, made the first time a row asks."""
    from inspections.models import RegisterEntry

    if not hasattr(world, "external_entry"):
        world.external_entry = RegisterEntry.objects.create(
            organization=world.notice.organization,
            kind="plan",
            year=2023,
            number=146,
            symbol="KH-BQL",
            issued_on=timezone.datetime(2023, 1, 12).date(),
            summary="triển khai thực hiện cải cách hành chính năm 2023",
            entered_by=world.users["clerk"],
        )
    return world.external_entry


# Other path parameters, by name.
PARAMETERS = {
    "notice_pk": lambda world: world.notice.pk,
    "inspection_pk": lambda world: world.inspection.pk,
    "unit_check_pk": lambda world: world.unit_check.pk,
    "finding_pk": lambda world: world.finding.pk,
    "evidence_pk": lambda world: world.evidence.pk,
    "plan_pk": lambda world: world.plan.pk,
    "criterion_pk": lambda world: world.finding.criterion_id,
    "year": lambda world: world.plan.year,
    "code": lambda world: world.notices["issued"].verification_code,
}


def url_patterns(resolver=None, namespace=""):
    """(name, pattern) of every URL, names qualified with their namespaces."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), namespace, entry


def checked_urls() -> dict[str, URLPattern | None]:
    found = {}
    for name, namespace, pattern in url_patterns():
        if namespace.rstrip(":") in SKIPPED_NAMESPACES and name not in EXPECTED:
            continue
        found[name or f"<unnamed: {pattern.pattern}>"] = pattern
    return found


def path_kwargs(name: str, pattern: URLPattern, world) -> dict:
    row = EXPECTED[name]
    if row.kwargs:
        return row.kwargs(world)
    values = {}
    prefix = name.rsplit(":", 1)[-1].split("-")[0]
    for parameter in pattern.pattern.converters:
        if parameter == "pk" and prefix in PK_BY_PREFIX:
            values["pk"] = getattr(world, PK_BY_PREFIX[prefix]).pk
        elif parameter in PARAMETERS:
            values[parameter] = PARAMETERS[parameter](world)
        else:
            raise AssertionError(
                f"{name}: no value for path parameter {parameter!r}. Add it to PARAMETERS or "
                f"PK_BY_PREFIX, or give the row kwargs=lambda world: {{...}}."
            )
    return values


def outcome(response, expected):
    if isinstance(expected, Redirect):
        location = response.headers.get("Location", "").split("?")[0]
        if response.status_code == 302 and location == resolve_url(expected.to):
            return expected
        return f"{response.status_code} {location}".strip()
    return response.status_code


def matches(response, expected) -> bool:
    got = outcome(response, expected)
    return got in expected if isinstance(expected, tuple) else got == expected


def send(client, method: str, url: str, row: Row, world):
    if method == "GET":
        return client.get(url)
    headers = row.headers(world)
    if row.as_json:
        body = json.dumps(row.data(world))
        return client.generic(method, url, body, content_type="application/json", headers=headers)
    return client.post(url, row.data(world), headers=headers)


def api_methods(pattern: URLPattern) -> set[str]:
    """The methods an API endpoint answers (besides OPTIONS and HEAD)."""
    view_class = pattern.callback.cls
    return {m.upper() for m in view_class.http_method_names if m not in {"options", "head", "trace"}} & {
        m.upper() for m in dir(view_class) if m in {"get", "post", "put", "patch", "delete"}
    }


def test_every_api_method_has_a_table():
    """Every method an API endpoint takes has what each role gets, so a new method fails too."""
    wrong = []
    for name, pattern in checked_urls().items():
        if not name.startswith("api:"):
            continue
        row = EXPECTED.get(name)
        tables = {"GET"} | {m for m, t in (("POST", row.post), ("PATCH", row.patch)) if t} if row else set()
        if api_methods(pattern) - tables:
            wrong.append(f"{name}: methods {sorted(api_methods(pattern))}, rows for {sorted(tables)}")
    assert not wrong, "\n".join(wrong)


def test_every_url_has_a_row():
    missing = sorted(set(checked_urls()) - set(EXPECTED))
    assert not missing, (
        f"URL(s) without a row in EXPECTED (tests/security/test_permission_matrix.py): {missing}. "
        "Add one row per URL saying what every role gets (see the examples in EXPECTED)."
    )


def test_every_row_names_a_url_that_exists():
    stale = sorted(set(EXPECTED) - set(checked_urls()))
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def test_every_row_says_what_every_role_gets():
    for name, row in EXPECTED.items():
        for method, table in (("GET", row.get), ("POST", row.post), ("PATCH", row.patch)):
            if table is not None:
                assert set(table) == set(ROLES), f"{name} {method}: roles {set(ROLES) ^ set(table)}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_gets_the_expected_status(name, world, no_slow_pdfs):
    pattern = checked_urls()[name]
    url = reverse(name, kwargs=path_kwargs(name, pattern, world))
    row = EXPECTED[name]
    wrong = []
    for method, table in (("GET", row.get), ("POST", row.post), ("PATCH", row.patch)):
        for role, expected in (table or {}).items():
            client = Client(REMOTE_ADDR=ADDRESSES[role])
            with transaction.atomic():
                if role != "anonymous":
                    client.force_login(world.users[role])
                response = send(client, method, url, row, world)
                if not matches(response, expected):
                    got = outcome(response, expected)
                    wrong.append(f"{method} {url} as {role}: expected {expected!r}, got {got!r}")
                elif method == "POST" and not row.error_message_expected:
                    refused = [str(m) for m in get_messages(response.wsgi_request) if m.level == ERROR]
                    if refused:
                        wrong.append(f"POST {url} as {role}: {expected!r} but with the error {refused}")
                transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


def test_a_missing_row_is_reported_with_how_to_fix_it(monkeypatch):
    """The guard itself: remove a row and the test names the URL and the file to edit."""
    monkeypatch.delitem(EXPECTED, "home")
    with pytest.raises(AssertionError, match=r"without a row in EXPECTED.*'home'"):
        test_every_url_has_a_row()
