"""Staff forms. They parse and validate input; the services decide the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from adaldyq.core import languages, multilingual
from adaldyq.core.documents import DocumentField
from adaldyq.core.regions import region_choices

from . import lifecycle
from .models import AssetKind, CaseKind, DocumentKind, PartyKind, ProjectKind

DATE = forms.DateInput(attrs={"type": "date"})
ACTION_LABELS = {
    "freeze": _("Freeze / arrest"), "lift_arrest": _("Lift the arrest (step back)"),
    "confiscate": _("Confiscate (verdict)"), "agree_return": _("Agree voluntary return"),
    "overturn": _("Overturn the order (step back)"), "transfer": _("Transfer to the state"),
    "hold": _("Hold in kind"), "sell": _("Sell"), "credit": _("Credit proceeds to the fund"),
    "collect": _("Record money collected"), "release": _("Release to the owner (step back)"),
}


def _regions() -> list[tuple[str, str]]:
    return [("", "—"), *region_choices()]


class CaseForm(forms.Form):
    reference = forms.CharField(label=_("Case number"), max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseKind.choices)
    title_kk, title_ru, title_en = multilingual.form_fields(_("Public title (no private person's name)"),
                                                            max_length=200)
    region = forms.ChoiceField(label=_("Region"), choices=_regions, required=False)
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE)
    internal_notes = forms.CharField(label=_("Internal notes"), widget=forms.Textarea(attrs={"rows": 3}),
                                     required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        multilingual.require_one(self, "title", _("Give the title in at least one language."))
        return data


class PartyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Person or organization"), choices=PartyKind.choices)
    role = forms.CharField(label=_("Role in the case"), max_length=60)
    name = forms.CharField(label=pgettext_lazy("of a person or organization", "Name"), max_length=200)
    iin_bin = forms.CharField(label=_("IIN / BIN"), max_length=12, required=False)
    birth_date = forms.DateField(label=_("Birth date"), widget=DATE, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)


class AssetForm(forms.Form):
    reference = forms.CharField(label=_("Asset number"), max_length=40)
    kind = forms.ChoiceField(label=pgettext_lazy("of an asset", "Type"), choices=AssetKind.choices)
    description_kk, description_ru, description_en = multilingual.form_fields(
        _("Public description (no personal data)"), max_length=300)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=False, empty_value=None)
    country = forms.CharField(label=_("Holding country (ISO code, KZ for Kazakhstan)"), max_length=2, initial="KZ")
    region = forms.ChoiceField(label=_("Region (in Kazakhstan)"), choices=_regions, required=False)
    valuation_amount = forms.DecimalField(label=_("Valuation"), max_digits=20, decimal_places=2, min_value=0)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="KZT")
    valuation_date = forms.DateField(label=_("Valuation date"), widget=DATE)
    identified_on = forms.DateField(label=_("Identified on"), widget=DATE)
    document = forms.CharField(label=_("Document"), max_length=300, required=False)
    internal_notes = forms.CharField(label=_("Internal notes"), widget=forms.Textarea(attrs={"rows": 3}),
                                     required=False)

    def __init__(self, *args: object, owners: list[tuple[int, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["owner"].choices = [("", "—"), *(owners or [])]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        multilingual.require_one(self, "description", _("Give the description in at least one language."))
        return data


class TextsForm(forms.Form):
    """One public text of a case or an asset in the three languages, to add or fix a translation."""

    def __init__(self, *args: object, field: str, label: str, textarea: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.field = field
        made = multilingual.form_fields(label, max_length=300, textarea=textarea)
        for code, made_field in zip(languages.LANGS, made, strict=True):
            self.fields[f"{field}_{code}"] = made_field

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        multilingual.require_one(self, self.field, _("Give the text in at least one language."))
        return data

    def texts(self) -> languages.Texts:
        return multilingual.cleaned_texts(self.cleaned_data, self.field)


class ActionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"))
    on = forms.DateField(label=_("Date"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount (if any)"), max_digits=20, decimal_places=2, min_value=0,
                                required=False)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="KZT")
    ground = forms.CharField(label=_("Ground (required for steps back)"), max_length=300, required=False)
    document = forms.CharField(label=_("Document"), max_length=300, required=False)

    def __init__(self, *args: object, status: str = lifecycle.IDENTIFIED, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["action"].choices = [  # type: ignore[attr-defined]
            (a, ACTION_LABELS.get(a, a)) for a in lifecycle.allowed_actions(status)]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document type"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Number"), max_length=100)
    dated = forms.DateField(label=_("Dated"), widget=DATE)
    title = forms.CharField(label=pgettext_lazy("of a document", "Title"), max_length=200, required=False)
    file = DocumentField(label=_("File"), required=False)


class ProjectForm(forms.Form):
    name_kk, name_ru, name_en = multilingual.form_fields(pgettext_lazy("of a project", "Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProjectKind.choices)
    region = forms.ChoiceField(label=_("Region"), choices=region_choices)
    locality_kk, locality_ru, locality_en = multilingual.form_fields(_("Locality"), max_length=120)
    budget_kzt = forms.DecimalField(label=_("Budget, KZT"), max_digits=20, decimal_places=2, min_value=0)
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE)
    description_kk, description_ru, description_en = multilingual.form_fields(_("Description"), textarea=True)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        multilingual.require_one(self, "name", _("Give the name in at least one language."))
        return data


class ProjectTextsForm(forms.Form):
    """The project's public texts in three languages, and each payment's milestone."""

    name_kk, name_ru, name_en = multilingual.form_fields(pgettext_lazy("of a project", "Name"), max_length=200)
    locality_kk, locality_ru, locality_en = multilingual.form_fields(_("Locality"), max_length=120)
    description_kk, description_ru, description_en = multilingual.form_fields(_("Description"), textarea=True)

    def __init__(self, *args: object, milestones: list[tuple[int, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.milestone_ids = [pk for pk, _label in milestones or []]
        for pk, label in milestones or []:
            for code, field in zip(languages.LANGS, multilingual.form_fields(label, max_length=200), strict=True):
                self.fields[f"milestone_{pk}_{code}"] = field

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        multilingual.require_one(self, "name", _("Give the name in at least one language."))
        for pk in self.milestone_ids:
            multilingual.require_one(self, f"milestone_{pk}", _("Give the milestone in at least one language."))
        return data

    def milestones(self) -> dict[int, languages.Texts]:
        return {pk: multilingual.cleaned_texts(self.cleaned_data, f"milestone_{pk}") for pk in self.milestone_ids}


class AllocationForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount, KZT"), max_digits=20, decimal_places=2, min_value=Decimal("0.01"))
    on = forms.DateField(label=_("Date"), widget=DATE)
    document = forms.CharField(label=_("Decision (document)"), max_length=300, required=False)


class DisbursementForm(forms.Form):
    allocation = forms.TypedChoiceField(label=_("Allocation"), coerce=int)
    amount = forms.DecimalField(label=_("Amount, KZT"), max_digits=20, decimal_places=2, min_value=Decimal("0.01"))
    milestone_kk, milestone_ru, milestone_en = multilingual.form_fields(_("Milestone"), max_length=200)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    document = forms.CharField(label=_("Payment order"), max_length=300, required=False)

    def __init__(self, *args: object, allocations: list[tuple[int, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["allocation"].choices = allocations or []  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        multilingual.require_one(self, "milestone", _("Give the milestone in at least one language."))
        return data


class DecisionForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    ground = forms.CharField(label=_("Ground (for a rejection)"), max_length=300, required=False)
    # The fingerprint of the review on the page: approving checks it is still true.
    reviewed = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
