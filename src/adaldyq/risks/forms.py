"""The status-change form: action, comment, and a document as proof."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from adaldyq.core.documents import DocumentField
from adaldyq.risks.workflow import Action

ACTION_LABELS = {
    Action.ACCEPT: _("Accept the recommendation"),
    Action.DISPUTE: _("Dispute the recommendation"),
    Action.START: _("Start implementation"),
    Action.REPORT: _("Report implemented"),
    Action.VERIFY: _("Verify implementation"),
    Action.RETURN: _("Return the report for rework"),
    Action.MARK_NOT_IMPLEMENTED: _("Record as not implemented"),
    Action.DISMISS_DISPUTE: _("Dismiss the dispute (the body must implement)"),
    Action.UPHOLD_DISPUTE: _("Uphold the dispute (withdraw the recommendation)"),
}


class StatusChangeForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"))
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=4000)
    document_reference = forms.CharField(label=_("Document (title, number, date)"), required=False,
                                         max_length=300)
    document_file = DocumentField(label=_("Document file"), required=False)

    def __init__(self, *args: Any, actions: list[Action], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [(a.value, ACTION_LABELS[a]) for a in actions]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (.csv or .xlsx)"))
