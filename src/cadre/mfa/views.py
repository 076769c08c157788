"""The second factor's pages: enrol, verify after signing in, see one's own second factor
(and renew the recovery codes), and an administrator's reset (decision 0027)."""

from __future__ import annotations

from typing import Any

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from cadre.core.errors import ApplicationError
from cadre.core.views import apply_application_error
from cadre.mfa import selectors, services
from cadre.mfa.forms import CodeForm, EnrolForm, ResetForm

PENDING_KEY = "cadre_mfa_pending_key"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


class EnrolView(LoginRequiredMixin, View):
    """Scan the QR code (or type the secret) into an authenticator app, confirm with the
    code it shows; then the ten recovery codes are shown, once. The secret waits in the
    session until confirmed: nothing is stored before."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if selectors.enrolled(request.user):
            return HttpResponseRedirect(reverse("mfa:status"))
        return self._render(request, EnrolForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if selectors.enrolled(request.user):
            return HttpResponseRedirect(reverse("mfa:status"))
        form = EnrolForm(request.POST)
        key = request.session.get(PENDING_KEY)
        if form.is_valid() and key:
            try:
                device, codes = services.totp_enrol(
                    actor=request.user,  # type: ignore[arg-type]
                    key_hex=key,
                    code=form.cleaned_data["code"],
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                request.session.pop(PENDING_KEY, None)
                django_otp.login(request, device)
                return render(request, "mfa/codes.html", {"codes": codes, "next": _next(request)})
        elif form.is_valid():  # the session lost the secret it showed (it expired)
            form.add_error(
                "code",
                _(
                    "This page has expired: add the new secret below to your app and enter "
                    "its code."
                ),
            )
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: EnrolForm, status: int = 200) -> HttpResponse:
        key = request.session.get(PENDING_KEY)
        if not key:
            key = request.session[PENDING_KEY] = services.secret_new()
        uri = services.provisioning_uri(user=request.user, key_hex=key)
        return render(
            request,
            "mfa/enrol.html",
            {
                "form": form,
                "secret": services.secret_base32(key),
                "qr": segno.make(uri, error="m").svg_data_uri(scale=5),
                "issuer": settings.OTP_TOTP_ISSUER,
                "next": request.POST.get("next") or request.GET.get("next") or "",
                "required": selectors.required_for(request.user),
            },
            status=status,
        )


class VerifyView(LoginRequiredMixin, View):
    """After the password: the code of the authenticator app, or a recovery code."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not selectors.enrolled(request.user):
            return HttpResponseRedirect(reverse("mfa:enrol"))
        return self._render(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                device = services.second_factor_verify(
                    user=request.user,  # type: ignore[arg-type]
                    code=form.cleaned_data["code"],
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                django_otp.login(request, device)
                if device.persistent_id.startswith("otp_static."):
                    left = selectors.recovery_codes_left(request.user)
                    messages.warning(
                        request,
                        ngettext(
                            "You signed in with a recovery code; %(n)d is left. Renew them "
                            "on your second factor page.",
                            "You signed in with a recovery code; %(n)d are left. Renew them "
                            "on your second factor page.",
                            left,
                        )
                        % {"n": left},
                    )
                return HttpResponseRedirect(_next(request))
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: CodeForm, status: int = 200) -> HttpResponse:
        return render(
            request,
            "mfa/verify.html",
            {"form": form, "next": request.POST.get("next") or request.GET.get("next") or ""},
            status=status,
        )


class StatusView(LoginRequiredMixin, View):
    """The user's own second factor: enrolled since when, recovery codes left; renew them."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            codes = services.recovery_codes_renew(actor=request.user)  # type: ignore[arg-type]
        except ApplicationError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(reverse("mfa:status"))
        return render(request, "mfa/codes.html", {"codes": codes, "next": reverse("mfa:status")})

    def _render(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "mfa/status.html",
            {
                "device": selectors.totp_device_of(request.user),
                "codes_left": selectors.recovery_codes_left(request.user),
                "required": selectors.required_for(request.user),
                "enforced": settings.CADRE_MFA_REQUIRED,
            },
        )


class ResetView(LoginRequiredMixin, View):
    """An administrator removes a user's second factor, with a reason: the user enrols
    again. Only for who may change users (national administrators, HR officers)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not selectors.may_reset_any(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, ResetForm(initial={"username": request.GET.get("user", "")}))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ResetForm(request.POST)
        if form.is_valid():
            username = form.cleaned_data["username"].strip()
            user = selectors.reset_target(request.user, username)
            try:
                if user is None:
                    raise ApplicationError(
                        _("No user with this username."), field="username", code="not_found"
                    )
                services.second_factor_reset(
                    actor=request.user, user=user, reason=form.cleaned_data["reason"]
                )
            except ApplicationError as exc:
                if "user" in exc.errors:  # the service names the user; the form, its username
                    exc.errors["username"] = exc.errors.pop("user")
                apply_application_error(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "The second factor of %(user)s was reset: they enrol again when they "
                        "next sign in."
                    )
                    % {"user": user.username},
                )
                return HttpResponseRedirect(reverse("mfa:reset"))
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: ResetForm, status: int = 200) -> HttpResponse:
        return render(request, "mfa/reset.html", {"form": form}, status=status)
