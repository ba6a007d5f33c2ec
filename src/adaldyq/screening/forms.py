"""Forms of the staff screening page: one name, or a CSV file of names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from adaldyq.screening import indexes
from adaldyq.screening.matching import MATCH_THRESHOLD, REVIEW_THRESHOLD


def _list_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=_("Lists to check"), widget=forms.CheckboxSelectMultiple,
                                     initial=[indexes.REGISTER])


def _threshold_field() -> forms.FloatField:
    return forms.FloatField(label=_("Match threshold"), min_value=REVIEW_THRESHOLD, max_value=1.0,
                            initial=MATCH_THRESHOLD, help_text=_("Scores from %(review)s up to it are shown as possible matches.")
                            % {"review": REVIEW_THRESHOLD})


class _WithLists(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lists"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(n, n) for n in indexes.available()]


class OneNameForm(_WithLists):
    name = forms.CharField(label=pgettext_lazy("of a person or organization", "Name"), max_length=500)
    birth_date = forms.DateField(label=_("Birth date (optional)"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    iin = forms.CharField(label=_("IIN or BIN (optional)"), required=False, max_length=20)
    schema = forms.ChoiceField(label=_("Kind"), required=False, choices=[
        ("", _("Guess from the name")), ("Person", _("Person")), ("Company", _("Company"))])
    lists = _list_field()
    threshold = _threshold_field()


class UploadForm(_WithLists):
    file = forms.FileField(label=_("CSV file with columns id,name (and optionally birth_date, iin)"))
    lists = _list_field()
    threshold = _threshold_field()
