"""A form's inputs for an action whose rules say what must be given (services/lifecycle.py).

The message of a missing comment or reason is the rule's own, shown next to the field; the
form never states the rule a second time.
"""

from django import forms


class ActionInputsForm(forms.Form):
    """Fields named by the action's input rules are checked by those rules."""

    def __init__(self, *args, lifecycle, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.lifecycle, self.action = lifecycle, action
        for name in lifecycle.required_inputs(action) & set(self.fields):
            self.fields[name].required = False  # the rule says so, in its own words
            self.fields[name].widget.attrs["required"] = True

    def clean(self):
        data = super().clean()
        inputs = {name: data[name] for name in self.lifecycle.required_inputs(self.action) if name in data}
        for name, message in self.lifecycle.input_errors(self.action, **inputs).items():
            self.add_error(name, message)
        return data
