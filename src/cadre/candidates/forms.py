"""The candidates app's forms: sign-up (with its robot traps), verification, a new link,
the profile and closing the account. They parse; the services decide."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cadre.candidates import config, selectors
from cadre.candidates.models import CV_MAX, PHONE

_STARTED_SALT = "cadre.candidates.signup-form"
# A form older than this was not filled in by a person in one sitting: shown again.
_STARTED_MAX_SECONDS = 24 * 3600


def started_stamp() -> str:
    return signing.TimestampSigner(salt=_STARTED_SALT).sign(str(int(time.time())))


class SignupForm(forms.Form):
    """Who is signing up. Two traps for robots, no CAPTCHA service (closed networks):
    ``website``, a field hidden from people that a robot fills in, and ``started``, a signed
    time of showing the form: sent back faster than ``CADRE_CANDIDATE_SIGNUP_MIN_SECONDS``
    it was not typed by a person."""

    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)
    email = forms.EmailField(
        label=_("e-mail address"),
        max_length=150,
        help_text=_("A link to confirm it is sent there; you sign in with it."),
    )
    password = forms.CharField(label=_("password"), strip=False, widget=forms.PasswordInput)
    password_again = forms.CharField(
        label=_("password again"), strip=False, widget=forms.PasswordInput
    )
    language = forms.ChoiceField(
        label=_("language"),
        choices=settings.LANGUAGES,
        help_text=_("Letters from Cadre are written in it."),
    )
    website = forms.CharField(required=False, label=_("leave this field empty"))
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("language", (get_language() or "")[:2])
            self.initial["started"] = started_stamp()
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].widget.attrs["autocomplete"] = "new-password"
        self.fields["password_again"].widget.attrs["autocomplete"] = "new-password"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def robot(self) -> bool:
        """Whether the form was sent by a robot (a trap sprung); checked before anything."""
        if self.data.get("website"):
            return True
        try:
            shown = int(
                signing.TimestampSigner(salt=_STARTED_SALT).unsign(
                    self.data.get("started", ""), max_age=_STARTED_MAX_SECONDS
                )
            )
        except (signing.BadSignature, ValueError):
            return True
        return time.time() - shown < config.min_form_seconds()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("password")
            and data.get("password_again") is not None
            and data["password"] != data["password_again"]
        ):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class VerifyForm(forms.Form):
    password = forms.CharField(
        label=_("password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("The password you chose when you signed up."),
    )


class ResendForm(forms.Form):
    email = forms.EmailField(label=_("e-mail address"), max_length=150)


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)
    phone = forms.CharField(
        label=_("contact phone"), max_length=32, required=False, validators=[PHONE]
    )
    region = forms.ModelChoiceField(
        label=_("preferred region"),
        queryset=selectors.regions(),
        required=False,
        help_text=_("Where you would like to work."),
    )
    willing_to_relocate = forms.BooleanField(label=_("willing to relocate"), required=False)
    cv = forms.CharField(
        label=_("short CV"),
        max_length=CV_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Education, experience, skills: at most 4000 characters."),
    )


class CloseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and profile are removed and cannot be restored."),
    )
    password = forms.CharField(
        label=_("password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
