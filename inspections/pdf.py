"""Notice PDFs. Interface used by the rest of the app (the issue-5 work fills in the layout):

- render_notice_pdf(notice) -> bytes: the Decree 30 layout; a draft (no number) carries "DỰ THẢO".
- render_issued_pdf(notice) -> bytes: PDF/A, signed; called once, from the issue service.
"""

from django.template.loader import render_to_string


def render_notice_pdf(notice) -> bytes:
    """Render `notice` to PDF bytes with WeasyPrint."""
    from weasyprint import HTML

    html = render_to_string("inspections/pdf/notice.html", {"notice": notice, "draft": notice.number is None})
    return HTML(string=html).write_pdf()


def render_issued_pdf(notice) -> bytes:
    """Render the issued notice once, as it will be stored and served forever."""
    return render_notice_pdf(notice)
