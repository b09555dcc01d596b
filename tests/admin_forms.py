"""What a browser sends from a Django admin change page: shared by the tests that post to it."""


def admin_post(page, **changes) -> dict:
    """The admin change page's POST data as a browser would send it, with `changes`."""
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms += inline.formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False and name != "DELETE":
                data[form.add_prefix(name)] = value
    return data | changes
