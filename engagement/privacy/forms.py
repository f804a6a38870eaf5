from django import forms
from django.utils.translation import gettext_lazy as _


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("Upper and lower case do not matter; the address must match in full."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
