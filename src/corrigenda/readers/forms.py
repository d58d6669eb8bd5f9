from django import forms


class ReaderEmailForm(forms.Form):
    email = forms.EmailField(label="Reader's email address", max_length=254)


class EraseForm(ReaderEmailForm):
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
