from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from adaldyq.core import multilingual
from adaldyq.core.regions import region_choices
from adaldyq.register import rules
from adaldyq.register.labels import labelled
from adaldyq.register.proposals import STAFF_REMOVAL_GROUNDS


class RecordForm(forms.Form):
    """A conviction as a registrar types it; validated by the same rules as the feed."""

    record_id = forms.CharField(label=_("Record id"), max_length=64, required=False,
                                help_text=_("Leave empty for a new manual entry"))
    iin = forms.CharField(label=_("IIN"), max_length=12, required=False)
    surname = forms.CharField(label=_("Surname"), max_length=100)
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    name_kk = forms.CharField(label=_("Full name in Kazakh"), max_length=300, required=False)
    name_ru = forms.CharField(label=_("Full name in Russian"), max_length=300, required=False)
    name_latin = forms.CharField(label=_("Full name in Latin script"), max_length=300, required=False)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    position_kk, position_ru, position_en = multilingual.form_fields(_("Position at the time"), max_length=300)
    organization_kk, organization_ru, organization_en = multilingual.form_fields(_("Organization"), max_length=300)
    region = forms.ChoiceField(label=_("Region"), choices=[], required=False)
    court = forms.CharField(label=_("Court"), max_length=300)
    case_number = forms.CharField(label=_("Case number"), max_length=100)
    verdict_date = forms.DateField(label=_("Verdict date"), widget=forms.DateInput(attrs={"type": "date"}))
    legal_effect_date = forms.DateField(label=_("Legal-effect date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    articles = forms.CharField(label=_("Articles"), help_text=_("article-part-item, ';'-separated, e.g. 366-4;367-3"))
    gravity = forms.ChoiceField(label=_("Gravity"), required=False,
                                choices=[("", _("from the articles"))] + labelled(g.value for g in rules.Gravity))
    punishment = forms.ChoiceField(label=_("Punishment"), choices=labelled(p.value for p in rules.Punishment))
    punishment_term_months = forms.IntegerField(label=_("Term in months"), required=False, min_value=0)
    lifetime_ban = forms.BooleanField(label=_("Lifetime ban on public office"), required=False)
    sentence_end_date = forms.DateField(label=_("Sentence ended"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.CharField(label=_("Document reference"), max_length=300)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region"].choices = [("", "—"), *region_choices()]  # type: ignore[attr-defined]

    def as_record(self) -> dict[str, str]:
        data = self.cleaned_data
        record = {k: ("" if data.get(k) is None else str(data.get(k))) for k in self.fields if k not in ("reason", "document")}
        record["lifetime_ban"] = "yes" if data.get("lifetime_ban") else "no"
        return record


class RemovalForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=labelled(STAFF_REMOVAL_GROUNDS))
    date = forms.DateField(label=_("Date the ground took effect"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.CharField(label=_("Document reference"), max_length=300)


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
