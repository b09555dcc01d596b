"""The shape every record with a life shares: one table of actions, and the move each makes.

A model lists its actions in `TRANSITIONS` (action -> Transition); the statuses and the
permission live there and nowhere else. The rules that need more than the record's own status
(a signer chosen, the reviewer not the drafter, …) live in `inspections.services.lifecycle`,
which every caller asks.
"""

from typing import NamedTuple


class TransitionError(Exception):
    """An action that the record's current status or one of its rules does not allow."""


class Transition(NamedTuple):
    """One action: the statuses it may start from, where it leads (None: the status stays),
    and the permission of the people who may take it."""

    sources: tuple[str, ...]
    target: str | None
    permission: str


class LifecycleMixin:
    """`allowed_actions()` and `transition()` over the model's TRANSITIONS table."""

    TRANSITIONS: dict[str, Transition] = {}
    # How the record is named in messages: "thông báo", "việc khắc phục".
    noun = "hồ sơ"
    # action -> message when the status does not allow it ({status} is filled in).
    STATE_MESSAGES: dict[str, str] = {}

    def allowed_actions(self) -> list[str]:
        """Return the actions the current status allows (who may take them is another matter)."""
        return [action for action, step in self.TRANSITIONS.items() if self.status in step.sources]

    def state_error(self, action: str) -> TransitionError:
        """The error for `action` attempted in a status it does not start from."""
        template = self.STATE_MESSAGES.get(
            action, "Không thể thực hiện thao tác này khi {noun} đang ở trạng thái “{status}”."
        )
        return TransitionError(template.format(noun=self.noun, status=self.get_status_display()))

    def transition(self, action: str) -> None:
        """Move to the status that `action` leads to. The caller saves."""
        step = self.TRANSITIONS[action]
        if self.status not in step.sources:
            raise self.state_error(action)
        if step.target is not None:
            self.status = step.target
