"""Security as a person in a browser sees it.

The Content-Security-Policy blocks nothing our pages or Django's admin need: a real Chromium
loads them and reports no violation (securitypolicyviolation events and console)."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

# Playwright injects this through the DevTools protocol, outside the page's CSP.
COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(
    e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber
  );
});
"""


@pytest.fixture
def violations(page):
    """Visit pages with `violations.visit(path)`; `violations.found` lists every violation seen."""
    found = []
    page.add_init_script(COLLECT)
    page.on(
        "console",
        lambda message: found.append(message.text) if "Content Security Policy" in message.text else None,
    )

    class Watch:
        def visit(self, path: str):
            response = page.goto(path)
            page.wait_for_load_state("networkidle")
            assert response.status == 200, (path, response.status)
            assert "content-security-policy" in response.headers  # Playwright lower-cases names
            found.extend(page.evaluate("window.__csp"))

    watch = Watch()
    watch.found = found
    return watch


def test_home_and_the_admin_change_form_run_under_the_policy_without_violation(
    page, login, admin_user, make_unit, violations, shot
):
    unit = make_unit("Phòng Quản lý Đầu tư", short_name="QLĐT")
    violations.visit("/accounts/login/")
    login(admin_user.username)
    violations.visit("/")
    assert page.get_by_text("Phòng Quản lý Đầu tư").is_visible()
    violations.visit("/admin/")
    violations.visit(f"/admin/units/unit/{unit.pk}/change/")
    assert page.get_by_label("Tên đơn vị").input_value() == "Phòng Quản lý Đầu tư"
    shot("security-admin-change-form-under-csp")
    violations.visit("/admin/units/user/add/")
    violations.visit("/admin/units/unit/")
    assert violations.found == []


def test_a_blocked_inline_script_would_be_reported(page, violations, live_server):
    """The watcher itself works: an inline script injected into a page is refused and seen."""
    violations.visit("/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None
    assert page.evaluate("window.__csp.length") >= 1


def test_five_wrong_passwords_show_the_lockout_message_in_vietnamese(
    page, login, inspector, violations, shot
):
    for _ in range(4):
        login(inspector.username, "sai-mat-khau")
        assert page.get_by_text("mật khẩu chính xác").is_visible()
    login(inspector.username, "sai-mat-khau")
    assert page.get_by_role("heading", name="Tài khoản tạm khóa").is_visible()
    assert page.get_by_text("Vui lòng thử lại sau 15 phút.").is_visible()
    shot("security-lockout")
    login(inspector.username, "pw")  # the right password, too late
    assert page.get_by_role("heading", name="Tài khoản tạm khóa").is_visible()
    assert violations.found == []


def test_the_signing_admin_pages_run_under_the_policy_and_show_the_image(
    page, login, admin_user, organization, violations, shot
):
    """Issue 12: certificates and images are managed in the admin; the image preview is a data: URI."""
    from inspections.models import SigningImage
    from inspections.services.certificates import save_signing_image
    from inspections.signing import images

    seal = SigningImage(kind="seal", organization=organization, width_mm=36)
    save_signing_image(seal, images.demo_seal(organization.name, organization.parent_name), by=admin_user)
    violations.visit("/accounts/login/")
    login(admin_user.username)
    violations.visit("/admin/inspections/certificate/add/")
    violations.visit("/admin/inspections/signingimage/add/")
    violations.visit(f"/admin/inspections/signingimage/{seal.pk}/change/")
    shot("signing-admin-seal-image")
    preview = page.get_by_role("img", name=str(seal))
    assert preview.is_visible() and preview.evaluate("img => img.naturalWidth") == 800
    assert violations.found == []


def test_a_sixth_check_in_a_minute_gets_a_clear_429_page(page, organization, inspector, shot, axe, tmp_path):
    """The public verification page, posted six times from one browser: the sixth answer is
    the Vietnamese 429 page, readable and accessible, under the policy."""
    from datetime import date

    from inspections.models import Inspection, InspectionPlan, Notice

    plan = InspectionPlan.objects.create(organization=organization, year=2023, title="Kế hoạch 2023")
    round_ = Inspection.objects.create(
        plan=plan, title="Kiểm tra CCHC", starts_on=date(2023, 6, 6), ends_on=date(2023, 6, 7)
    )
    Notice.objects.create(
        inspection=round_,
        organization=organization,
        place="Hải Phòng",
        title="Kết quả kiểm tra công tác cải cách hành chính",
        created_by=inspector,
        status=Notice.Status.ISSUED,
        number=2880,
        year=2023,
        issued_on=date(2023, 6, 14),
        verification_code="KIEMTRA234",
        pdf_sha256="0" * 64,
    )
    copy = tmp_path / "ban-sao.pdf"
    copy.write_bytes(b"%PDF-1.7 ban sao")
    page.goto("/verify/KIEMTRA234/")
    for _ in range(5):
        page.get_by_label("Tệp PDF cần đối chiếu").set_input_files(str(copy))
        with page.expect_navigation():
            page.get_by_role("button", name="Đối chiếu", exact=True).click()
        assert page.get_by_text("không trùng khớp").is_visible()
    page.get_by_label("Tệp PDF cần đối chiếu").set_input_files(str(copy))
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Đối chiếu", exact=True).click()
    assert navigation.value.status == 429
    assert page.get_by_role("heading", name="Quá nhiều yêu cầu").is_visible()
    assert page.get_by_text("Vui lòng thử lại sau").is_visible()
    shot("security-verify-429")
    axe("429 page")
    page.get_by_role("link", name="Quay lại trang trước").click()
    assert page.get_by_role("heading", name="Xác thực văn bản").is_visible()
