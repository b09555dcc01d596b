"""Issued means frozen in every output (issues 13 and 17): an issued notice's page, Word file,
register and PDF show what it was at issue, whatever later happens to the records it names
(the organisation, the documents it cites, the signer's account); drafts show the records now."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from office_files import docx_text
from test_notices_immutability import admin_post

from inspections import dbguards
from inspections.layout import notice_document
from inspections.models import Notice, ReferenceDocument
from units.models import Organization

pytestmark = pytest.mark.django_db

OLD_NAME, NEW_NAME = "Ban Quản lý Khu kinh tế Hải Phòng", "Ban Quản lý các Khu kinh tế và Khu công nghiệp"
OLD_SUMMARY = "Ban hành Kế hoạch Cải cách hành chính nhà nước thành phố Hải Phòng năm 2023"
NEW_SUMMARY = "Ban hành Kế hoạch đã sửa sau khi ban hành"
NEW_SIGNER = "Bùi Ngọc Hải (đã đổi tên)"
NEW_ARCHIVE = "VT, TTr"  # the last line of Nơi nhận when a notice names no "Lưu"


@pytest.fixture
def outputs(client, clerk):
    def read(notice) -> dict:
        client.force_login(clerk)  # not the signer, whose renamed account the menu shows
        return {
            "page": client.get(notice.get_absolute_url()).content.decode(),
            "word": docx_text(client.get(reverse("inspections:notice-docx", args=[notice.pk])).content),
            "register": client.get(reverse("inspections:notice-register"))
            .content.decode()
            .split("<table")[1],
            "pdf": client.get(reverse("inspections:notice-pdf", args=[notice.pk])).getvalue(),
            "metadata": client.get(reverse("inspections:notice-metadata", args=[notice.pk])).content.decode(),
        }

    return read


def rename_and_edit_in_the_admin(client, demo, leader):
    from units.models import User

    client.force_login(User.objects.get(username="quantri"))  # the demo's staff superuser
    url = reverse("admin:units_organization_change", args=[demo.organization.pk])
    assert (
        client.post(url, admin_post(client.get(url), name=NEW_NAME, archive_code=NEW_ARCHIVE)).status_code
        == 302
    )
    document = ReferenceDocument.objects.get(number_symbol="4647/QĐ-UBND")
    url = reverse("admin:inspections_referencedocument_change", args=[document.pk])
    assert client.post(url, admin_post(client.get(url), summary=NEW_SUMMARY)).status_code == 302
    type(leader).objects.filter(pk=leader.pk).update(full_name=NEW_SIGNER)  # the signer renamed


def rename_and_edit_by_update(client, demo, leader):
    Organization.objects.filter(pk=demo.organization.pk).update(name=NEW_NAME, archive_code=NEW_ARCHIVE)
    ReferenceDocument.objects.filter(number_symbol="4647/QĐ-UBND").update(summary=NEW_SUMMARY)
    type(leader).objects.filter(pk=leader.pk).update(full_name=NEW_SIGNER)


@pytest.mark.parametrize("change", [rename_and_edit_in_the_admin, rename_and_edit_by_update])
def test_an_issued_notice_shows_what_it_was_at_issue_and_a_draft_shows_today(
    client, demo, leader, make_notice, outputs, change
):
    issued = make_notice("issued", number=2880)
    draft = make_notice("draft")
    before = outputs(issued)
    assert OLD_SUMMARY in before["page"] and OLD_NAME.upper() in before["word"]

    change(client, demo, leader)
    assert Organization.objects.get(pk=demo.organization.pk).name == NEW_NAME

    after = outputs(Notice.objects.get(pk=issued.pk))
    assert after["pdf"] == before["pdf"]  # the stored bytes, never rendered again
    assert OLD_SUMMARY in after["page"] and NEW_SUMMARY not in after["page"]
    assert after["word"] == before["word"]  # header, citations, signing block, recipients
    assert OLD_NAME.upper() in after["word"] and NEW_NAME.upper() not in after["word"]
    assert "Bùi Ngọc Hải" in after["word"] and NEW_SIGNER not in after["word"]
    # The document as the page shows it (the trail names accounts as they are now).
    document = after["page"].split('aria-label="Nội dung thông báo"')[1].split("</article>")[0]
    assert "Bùi Ngọc Hải" in document and NEW_SIGNER not in document
    assert "2880" in after["register"] and NEW_SIGNER not in after["register"]
    assert after["metadata"] == before["metadata"]  # Phụ lục VI: issuing body, signer, recipients
    assert f"<ten>{OLD_NAME}</ten>" in after["metadata"]

    now = outputs(Notice.objects.get(pk=draft.pk))
    assert NEW_SUMMARY in now["page"] and NEW_NAME.upper() in now["word"]


def test_the_replacement_names_the_issuing_body_as_it_was_at_issue(demo, make_notice, inspector):
    from inspections.services.notices import replace_notice

    issued = make_notice("issued", number=2880)
    Organization.objects.filter(pk=demo.organization.pk).update(name=NEW_NAME)
    replacement = replace_notice(Notice.objects.get(pk=issued.pk), by=inspector)
    assert f"của {OLD_NAME}./." in replacement.closing


def test_the_snapshot_is_kept_by_the_frozen_row_guard(make_notice):
    issued = make_notice("issued", number=2880)
    assert issued.issued_snapshot["organization"]["name"] == OLD_NAME
    assert "issued_snapshot" in dbguards.KEPT_COLUMNS
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE inspections_notice SET issued_snapshot = NULL WHERE id = %s", [issued.pk])
    assert Notice.objects.get(pk=issued.pk).issued_snapshot == issued.issued_snapshot


def test_an_imported_notice_cites_in_its_own_words_and_keeps_its_header(client, clerk, demo, leader):
    from inspections.services.importing import DEMO_DATA, import_notice_file

    raw = (DEMO_DATA / "2819-TB-BQL-2023.txt").read_bytes()
    notice = import_notice_file(raw, "2819-TB-BQL-2023.txt", organization=demo.organization, by=clerk).notice
    printed = [entry["citation"] for entry in notice.issued_snapshot["legal_bases"]]
    assert printed and all(" số " in text for text in printed)
    Organization.objects.filter(pk=demo.organization.pk).update(name=NEW_NAME)
    ReferenceDocument.objects.filter(pk__in=notice.basis_links.values("document")).update(summary=NEW_SUMMARY)
    client.force_login(leader)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert NEW_SUMMARY not in page
    word = docx_text(client.get(reverse("inspections:notice-docx", args=[notice.pk])).content)
    assert OLD_NAME.upper() in word and NEW_NAME.upper() not in word
    # The app's paper copy, made later, is laid out from the same snapshot.
    shown = notice_document(Notice.objects.select_related("organization").get(pk=notice.pk))
    assert (shown["organization_name"], shown["recipients"][-1]) == (OLD_NAME.upper(), "- Lưu: VP/BQL.")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's guard compares whole rows")
def test_the_migrated_sqlite_guard_is_the_live_one(db):
    """Migration 0015 froze the guard that lists `issued_snapshot`; flush installs the live one."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'inspections_notice_frozen_update'")
        installed = cursor.fetchone()[0]
    live = next(sql for sql in dbguards.install_sql("sqlite") if "inspections_notice_frozen_update" in sql)
    live = live.replace("IF NOT EXISTS ", "")
    assert installed.replace("IF NOT EXISTS ", "") == live
    assert "NEW.issued_snapshot IS OLD.issued_snapshot" in installed
