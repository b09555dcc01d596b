"""The text rules of inspections/text.py, applied to every text field of a form in one place."""

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from inspections.text import clean_block, clean_line
from inspections.vn import vn_number


class LengthLimit(MaxLengthValidator):
    """At most `limit_value` characters, said in Vietnamese with the limit and the count."""

    def __call__(self, value):
        if len(value) > self.limit_value:
            raise ValidationError(
                "Tối đa %(limit)s ký tự (hiện có %(count)s).",
                code="max_length",
                params={"limit": vn_number(self.limit_value), "count": vn_number(len(value))},
            )


def _with_rule(to_python, rule):
    def clean(value):
        # Before the field's own cleaning, so that it strips what the rule uncovers.
        return to_python(rule(value) if isinstance(value, str) else value)

    return clean


class TextRulesMixin:
    """Apply the text rules to every CharField before it is validated.

    Paragraphs (a model TextField, or a Textarea in a plain form) keep their line breaks as
    "\n" and lose bidi controls; short texts (names, titles, numbers and symbols, recipients:
    a model CharField, even one typed in a text area) also lose zero-width and other invisible
    characters; everything is stored in NFC. The length limit (the
    model's max_length, or the form field's) is said next to the field with its number, and
    a text area says it in its help text before anyone types.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
                continue  # a password is checked exactly as typed
            multiline = self._is_paragraphs(name, field)
            field.to_python = _with_rule(field.to_python, clean_block if multiline else clean_line)
            if field.max_length is not None:
                others = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
                field.validators = [*others, LengthLimit(field.max_length)]
                # Not "maxlength": a browser then cuts pasted text silently (issue 19: 6,480
                # characters became 4,999). The box counts instead (static/js/app.js) and the
                # server refuses naming the limit; nothing typed is lost.
                field.widget.attrs.pop("maxlength", None)
                field.widget.attrs["data-maxlength"] = str(field.max_length)
                if multiline:
                    limit = f"Tối đa {vn_number(field.max_length)} ký tự."
                    field.help_text = f"{field.help_text} {limit}".strip()

    def _is_paragraphs(self, name: str, field: forms.Field) -> bool:
        model = getattr(getattr(self, "_meta", None), "model", None)
        if model is not None:
            try:
                return isinstance(model._meta.get_field(name), models.TextField)
            except FieldDoesNotExist:
                pass
        return isinstance(field.widget, forms.Textarea)


class CleanModelForm(TextRulesMixin, forms.ModelForm):
    """The admin's forms, with the same rules as the app's (ModelAdmin.form)."""
