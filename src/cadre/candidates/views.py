"""The candidates app's pages: sign-up, "check your mail", verification, a new link (all
public), the candidate's own profile and closing their account (signed in)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from cadre.candidates import config, hooks, selectors, services
from cadre.candidates.forms import (
    CloseForm,
    ProfileForm,
    ResendForm,
    SignupForm,
    VerifyForm,
    started_stamp,
)
from cadre.candidates.models import CandidateProfile
from cadre.core.errors import ApplicationError
from cadre.core.views import apply_application_error


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _page_error(form: Any, exc: ApplicationError) -> None:
    """A refusal onto the form: its fields' errors by the fields, the rest above them."""
    apply_application_error(form, exc)


class SignupView(View):
    """Sign up as an external candidate (public; off with ``CADRE_CANDIDATE_SIGNUP``)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not config.signup_open():
            return render(request, "candidates/closed.html", status=404)
        if request.user.is_authenticated:
            return HttpResponseRedirect(reverse("core:home"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, SignupForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SignupForm(request.POST)
        if form.robot():
            form.is_valid()
            form.add_error(
                None,
                _("Your sign-up could not be accepted. Wait a few seconds and send it again."),
            )
            return self._render(request, form, status=400)
        if not form.is_valid():
            return self._render(request, form, status=400)
        data = form.cleaned_data
        try:
            services.candidate_signup(
                email=data["email"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                language=data["language"],
                address=_address(request),
                site=_site(request),
            )
        except ApplicationError as exc:
            _page_error(form, exc)
            return self._render(request, form, status=429 if exc.code == "throttled" else 400)
        return HttpResponseRedirect(reverse("candidates:signup_done"))

    def _render(self, request: HttpRequest, form: SignupForm, status: int = 200) -> HttpResponse:
        if form.is_bound:  # a new time stamp: the robot check counts from this showing
            data = request.POST.copy()
            data["started"] = started_stamp()
            form.data = data
        return render(request, "candidates/signup.html", {"form": form}, status=status)


class SignupDoneView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "candidates/signup_done.html", {"hours": config.verify_hours()})


class VerifyView(View):
    """The link from the letter: asks for the password chosen at sign-up, then activates
    the account and signs the candidate in."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        form = VerifyForm()
        try:
            services.candidate_link_check(token=token)
        except ApplicationError as exc:
            if exc.code == "used":
                messages.info(request, str(exc))
                return HttpResponseRedirect(reverse("accounts:login"))
            return render(request, "candidates/verify.html", {"refused": str(exc)}, status=400)
        return self._render(request, form)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        form = VerifyForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            user = services.candidate_verify(
                token=token, password=form.cleaned_data["password"], address=_address(request)
            )
        except ApplicationError as exc:
            if exc.code == "used":
                messages.info(request, str(exc))
                return HttpResponseRedirect(reverse("accounts:login"))
            _page_error(form, exc)
            return self._render(
                request,
                form,
                status=429 if exc.code == "throttled" else 400,
                link_refused=exc.code in {"expired", "bad_token"},
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your address is verified. Welcome to Cadre."))
        return HttpResponseRedirect(reverse("candidates:profile"))

    def _render(
        self, request: HttpRequest, form: VerifyForm, status: int = 200, link_refused: bool = False
    ) -> HttpResponse:
        return render(
            request,
            "candidates/verify.html",
            {"form": form, "link_refused": link_refused},
            status=status,
        )


class ResendView(View):
    """Ask for a new verification link; the answer is the same whether or not the address
    has a sign-up waiting (it tells nobody which addresses have accounts)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "candidates/resend.html", {"form": ResendForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ResendForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.candidate_link_resend(
                    email=form.cleaned_data["email"],
                    address=_address(request),
                    site=_site(request),
                )
            except ApplicationError as exc:
                _page_error(form, exc)
                status = 429
            else:
                messages.success(
                    request,
                    _(
                        "If a sign-up waiting for verification exists for this address, a new "
                        "link is on its way to it."
                    ),
                )
                return HttpResponseRedirect(reverse("candidates:signup_done"))
        return render(request, "candidates/resend.html", {"form": form}, status=status)


def _own(request: HttpRequest, action: str = "view") -> CandidateProfile:
    profile = selectors.profile_of(request.user, action)
    if profile is None or profile.verified_at is None:
        raise Http404
    return profile


class ProfileView(LoginRequiredMixin, View):
    """My profile: an external candidate's names, contact, region and CV."""

    def get(self, request: HttpRequest) -> HttpResponse:
        profile = _own(request)
        form = ProfileForm(
            initial={
                "first_name": profile.user.first_name,
                "last_name": profile.user.last_name,
                "phone": profile.phone,
                "region": profile.region_id,
                "willing_to_relocate": profile.willing_to_relocate,
                "cv": profile.cv,
            }
        )
        return self._render(request, profile, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        profile = _own(request, "change")
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.candidate_profile_update(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                _page_error(form, exc)
            else:
                messages.success(request, _("Your profile was saved."))
                return HttpResponseRedirect(reverse("candidates:profile"))
        return self._render(request, profile, form, status=400)

    def _render(
        self, request: HttpRequest, profile: CandidateProfile, form: ProfileForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "candidates/profile.html",
            {"profile": profile, "form": form},
            status=status,
        )


class CloseView(LoginRequiredMixin, View):
    """Close my account: a confirmation with the password; refused, with the reasons, while
    an application is in progress."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _own(request, "delete")
        return self._render(request, CloseForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        _own(request, "delete")
        form = CloseForm(request.POST)
        if form.is_valid():
            try:
                services.candidate_account_close(
                    actor=request.user, password=form.cleaned_data["password"]
                )
            except ApplicationError as exc:
                _page_error(form, exc)
            else:
                logout(request)
                messages.success(request, _("Your account was closed. Goodbye."))
                return HttpResponseRedirect(reverse("accounts:login"))
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: CloseForm, status: int = 200) -> HttpResponse:
        busy = hooks.in_progress_of(request.user)
        return render(request, "candidates/close.html", {"form": form, "busy": busy}, status=status)
