from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from cadre.accounts import extensions, selectors, services
from cadre.accounts.filtersets import RoleAssignmentFilterSet, UserFilterSet
from cadre.accounts.forms import (
    ApiTokenForm,
    LockoutAuthenticationForm,
    RoleAssignmentForm,
    UserCreateForm,
)
from cadre.accounts.models import ApiToken, RoleAssignment, User
from cadre.core.access import access
from cadre.core.errors import ApplicationError
from cadre.core.tables import Column
from cadre.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    apply_application_error,
)


class LoginView(auth_views.LoginView):
    """The password form (unless ``CADRE_PASSWORD_LOGIN`` is off) and a button for each other
    way of signing in that an app offers (``accounts.extensions.sign_in_options``)."""

    form_class = LockoutAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.CADRE_PASSWORD_LOGIN:
            context = self.get_context_data(
                password_refused=_(
                    "Signing in with a password is switched off here. Use one of the buttons below."
                )
            )
            return self.render_to_response(context, status=403)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["password_login"] = settings.CADRE_PASSWORD_LOGIN
        context["sign_in_options"] = [
            option for offer in extensions.sign_in_options for option in offer(self.request)
        ]
        return context


class LogoutView(auth_views.LogoutView):
    """Ends Cadre's session, then goes where an app says the sign-out continues (the identity
    provider's, ``accounts.extensions.after_logout``) or to the sign-in page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        onward = None
        for hook in extensions.after_logout:
            onward = onward or hook(request)
        response = super().post(request, *args, **kwargs)
        if onward:
            return HttpResponseRedirect(onward)
        return response


class ProfileView(LoginRequiredMixin, View):
    """The user's own page: roles and API tokens (create, revoke)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, ApiTokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if "revoke" in request.POST:
            token = access(ApiToken, request.user, request.POST["revoke"], "delete")
            try:
                services.api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
            except ApplicationError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The token was revoked."))
            return HttpResponseRedirect(reverse("accounts:profile"))
        form = ApiTokenForm(request.POST)
        key = None
        if form.is_valid():
            try:
                _token, key = services.api_token_create(
                    actor=request.user,  # type: ignore[arg-type]
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                form = ApiTokenForm()
        return self._render(request, form, key=key, status=400 if form.errors else 200)

    def _render(
        self, request: HttpRequest, form: ApiTokenForm, key: str | None = None, status: int = 200
    ) -> HttpResponse:
        tokens = ApiToken.objects.restrict(request.user, "view").filter(revoked_at__isnull=True)
        assignments = RoleAssignment.objects.filter(user_id=request.user.pk or 0).select_related(
            "organisation"
        )
        return render(
            request,
            "accounts/profile.html",
            {"form": form, "tokens": tokens, "new_key": key, "assignments": assignments},
            status=status,
        )


USER_COLUMNS = (
    Column("username", gettext_lazy("username"), sort="username", link=True),
    Column("last_name", gettext_lazy("last name"), sort="last_name"),
    Column("first_name", gettext_lazy("first name"), sort="first_name"),
    Column("is_active", gettext_lazy("active")),
    Column(
        "roles",
        gettext_lazy("roles"),
        value=lambda u: ", ".join(str(a.get_role_display()) for a in u.role_assignments.all()),
    ),
)


class UserListView(ObjectListView):
    model = User
    columns = USER_COLUMNS
    filterset_class = UserFilterSet
    prefetch_related = ("role_assignments",)
    default_sort = "username"


class UserDetailView(ObjectDetailView):
    model = User
    fields = (
        *USER_COLUMNS[1:4],
        Column("email", gettext_lazy("email")),
        Column("last_login", gettext_lazy("last login")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        assignments = RoleAssignment.objects.restrict(self.request.user, "view").filter(user=obj)
        return {"assignments": assignments.select_related("organisation")}


class UserCreateView(ObjectEditView):
    model = User
    form_class = UserCreateForm
    create_service = services.user_create_with_role


class RoleAssignmentListView(ObjectListView):
    model = RoleAssignment
    filterset_class = RoleAssignmentFilterSet
    select_related = ("user", "organisation")
    columns = (
        Column("user__username", gettext_lazy("user"), sort="user__username", link=True),
        Column("role", gettext_lazy("role"), sort="role"),
        Column(
            "organisation",
            gettext_lazy("organisation"),
            value=lambda a: a.organisation or _("whole country"),
        ),
        Column("created_at", gettext_lazy("created at"), sort="created_at"),
    )
    default_sort = "user__username"


class RoleAssignmentDetailView(ObjectDetailView):
    model = RoleAssignment
    select_related = ("user", "organisation")
    fields = RoleAssignmentListView.columns


class RoleAssignmentCreateView(ObjectEditView):
    model = RoleAssignment
    form_class = RoleAssignmentForm
    create_service = services.role_assignment_create


class RoleAssignmentDeleteView(ObjectDeleteView):
    model = RoleAssignment
    delete_service = services.role_assignment_delete
    service_instance_kwarg = "assignment"


def language_set(request: HttpRequest) -> HttpResponse:
    """Django's language switch (``set_language``: the cookie and the redirect), which also
    keeps a signed-in user's choice on their account, for the notices they are e-mailed."""
    from django.utils.translation import check_for_language
    from django.views.i18n import set_language

    response = set_language(request)
    code = request.POST.get("language", "") if request.method == "POST" else ""
    user = request.user
    if code and check_for_language(code) and user.is_authenticated:
        services.user_language_set(actor=user, user=user, language=code)
    return response


class UserPickView(LoginRequiredMixin, View):
    """What the user picker offers for ``?q=``: up to 20 accounts the user may see (JSON;
    ``accounts.widgets.UserPicker``)."""

    def get(self, request: HttpRequest) -> JsonResponse:
        text = request.GET.get("q", "")[:100]
        return JsonResponse({"results": selectors.pick(request.user, text)})
