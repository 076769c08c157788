from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cadre.accounts import services, throttle
from cadre.accounts.choices import Role
from cadre.accounts.models import RoleAssignment
from cadre.core.forms import ScopedModelForm
from cadre.orgs.models import Organisation


class LockoutAuthenticationForm(AuthenticationForm):
    """Sign-in throttled per network, per account and per account from a network, with a
    pause that doubles each time (``accounts.throttle``, decision 0013). An unknown username
    is answered exactly as a real one, and nobody can lock an account out from a network
    that has not failed for it."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _(
            "Too many failed attempts. Signing in from here is paused until %(until)s; "
            "try again later."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
            until = throttle.paused_until(username=username, address=address)
            if until is not None:
                raise self._locked(until)
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                until = services.login_failure_record(username=username, address=address)
                if until is not None:
                    raise self._locked(until)
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
            services.login_success_record(username=username, address=address)
        return self.cleaned_data

    def _locked(self, until: datetime) -> forms.ValidationError:
        local = timezone.localtime(until)
        if local.date() == timezone.localdate():
            shown = formats.time_format(local, "TIME_FORMAT")
        else:
            shown = formats.date_format(local, "SHORT_DATETIME_FORMAT")
        return forms.ValidationError(
            self.error_messages["locked"], code="locked", params={"until": shown}
        )


class RoleAssignmentForm(ScopedModelForm):
    scoped_fields = {"user": "view", "organisation": "view"}

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "organisation"]


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("username"), max_length=150)
    first_name = forms.CharField(label=_("first name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("email"), required=False)
    password = forms.CharField(label=_("password"), widget=forms.PasswordInput, max_length=128)
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, instance: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.restrict(  # type: ignore[attr-defined]
            user, "view"
        )

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    days = forms.IntegerField(label=_("valid for (days)"), min_value=1, max_value=366, initial=90)
