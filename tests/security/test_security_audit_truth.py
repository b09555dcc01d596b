"""The audit trail records only changes that happened: a forged row id on a draft's form
writes no line for an item that was never added."""

import pytest
from admin_forms import admin_post
from django.forms import inlineformset_factory
from django.urls import reverse

from inspections.forms.notices import NoticeForm
from inspections.models import AuditEvent, Notice, NoticeItem
from inspections.services.notices import save_notice

pytestmark = pytest.mark.django_db


def items(notice):
    return list(NoticeItem.objects.filter(notice=notice).order_by("pk").values_list("pk", "position", "text"))


def notice_changes(notice):
    return list(AuditEvent.objects.about(notice).filter(action="notice.change"))


def test_a_forged_row_id_in_the_admin_is_refused_and_writes_no_audit_line(client, admin_user, world):
    draft, other = world.notices["draft"], world.notices["in_review"]
    client.force_login(admin_user)
    url = reverse("admin:inspections_notice_change", args=[draft.pk])
    data = admin_post(client.get(url))
    data["items-0-id"] = other.items.first().pk  # another notice's row
    data["items-0-text"] = "Mục giả mạo"
    before = items(draft), items(other)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Có dòng không thuộc dự thảo này" in response.content.decode()
    assert (items(draft), items(other)) == before
    assert notice_changes(draft) == []


def test_the_service_records_no_line_for_a_row_its_formset_does_not_save(world, inspector):
    """Whatever formset a caller builds: a row the save skips is not audited as added."""
    draft, other = world.notices["draft"], world.notices["in_review"]
    plain = inlineformset_factory(Notice, NoticeItem, fields=["position", "text"], extra=0)
    formset = plain(instance=draft)
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(len(formset.forms)),
        f"{formset.prefix}-INITIAL_FORMS": str(len(formset.forms)),
    }
    for index, form in enumerate(formset.forms):
        data |= {
            f"{formset.prefix}-{index}-id": form.instance.pk,
            f"{formset.prefix}-{index}-notice": draft.pk,
            f"{formset.prefix}-{index}-position": form.instance.position,
            f"{formset.prefix}-{index}-text": form.instance.text,
        }
    data[f"{formset.prefix}-0-id"] = other.items.first().pk
    data[f"{formset.prefix}-0-text"] = "Mục giả mạo"
    fields = {
        "title": draft.title,
        "opening": draft.opening,
        "closing": draft.closing,
        "signer": draft.signer_id,
        "authority": draft.authority,
    }
    form = NoticeForm(fields, instance=draft)
    bound = plain(data, instance=draft)
    assert form.is_valid(), form.errors
    assert bound.is_valid(), bound.errors
    before = items(draft)
    save_notice(form, bound, by=inspector)
    assert items(draft) == before
    assert notice_changes(draft) == []
