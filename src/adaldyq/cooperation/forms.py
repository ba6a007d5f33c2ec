"""Staff forms. They only parse; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from adaldyq.cooperation import scopes
from adaldyq.cooperation.models import (
    Agreement,
    CooperationRequest,
    Direction,
    Kind,
    Partner,
    SubjectKind,
)
from adaldyq.core.documents import DocumentField


class DateInput(forms.DateInput):
    input_type = "date"


class AgreementChoiceField(forms.ModelChoiceField):
    """Agreements are titled like "Memorandum of understanding": say whose each is."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.partner.name} — {obj.title}"


class RequestForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)
    partner = forms.ModelChoiceField(label=_("Partner agency"), queryset=Partner.objects.filter(active=True))
    agreement = AgreementChoiceField(label=_("Agreement"), queryset=Agreement.objects.select_related("partner"),
                                     required=False, help_text=_("Each agreement is listed with the partner it binds."))
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)
    partner_reference = forms.CharField(label=_("Partner's reference"), max_length=100, required=False)
    recovery_case = forms.CharField(label=_("Recovery case reference"), max_length=40, required=False)
    opened_on = forms.DateField(label=_("Date received or drafted"), widget=DateInput, required=False)
    due_on = forms.DateField(label=_("Deadline"), widget=DateInput, required=False)
    summary = forms.CharField(label=_("Summary (internal)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class SubjectForm(forms.Form):
    kind = forms.ChoiceField(label=_("Subject"), choices=SubjectKind.choices)
    name = forms.CharField(label=_("Name or description"), max_length=300)
    country = forms.CharField(label=_("Country (ISO code)"), max_length=2, required=False)
    asset = forms.CharField(label=_("Asset reference (recovery)"), max_length=40, required=False)
    register_entry = forms.IntegerField(label=_("Register entry number"), required=False, min_value=1)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DocumentFields(forms.Form):
    doc_title = forms.CharField(label=_("Document title"), max_length=200, required=False)
    doc_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    doc_dated = forms.DateField(label=_("Document date"), widget=DateInput, required=False)
    doc_file = DocumentField(label=_("File"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("doc_title") and not data.get("doc_dated"):
            self.add_error("doc_dated", _("Give the document's date."))
        return data


class MoveForm(DocumentFields):
    target = forms.ChoiceField(label=_("New status"), choices=[])
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    due_on = forms.DateField(label=_("New deadline"), widget=DateInput, required=False)
    # The fingerprint of the approval review on the page (review.py); sending checks it.
    reviewed = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, request_obj: CooperationRequest, choices: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = choices
        self.request_obj = request_obj


class DocumentForm(DocumentFields):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("doc_title"):
            self.add_error("doc_title", _("Give the document's title."))
        return data


class TokenForm(forms.Form):
    scopes = forms.MultipleChoiceField(label=_("Scopes"), choices=list(scopes.PARTNER_SCOPES.items()),
                                       widget=forms.CheckboxSelectMultiple)
    rate_per_minute = forms.IntegerField(label=_("Calls per minute"), min_value=1, max_value=600, initial=60)


class PackageUploadForm(forms.Form):
    file = forms.FileField(label=_("Package file (.zip)"))
    request = forms.CharField(label=_("Attach to request (reference)"), max_length=40, required=False)
