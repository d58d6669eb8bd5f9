from django import forms
from django.utils.translation import gettext_lazy as _


class ReaderEmailForm(forms.Form):
    email = forms.EmailField(label=_("Reader’s email address"), max_length=254)


class EraseForm(ReaderEmailForm):
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
