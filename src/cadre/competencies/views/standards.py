"""Pages of position standards: the list, a standard, its versions and the posts that use it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.accounts.roles import can
from cadre.competencies import services
from cadre.competencies.choices import VersionStatus
from cadre.competencies.filtersets import PositionProfileFilterSet
from cadre.competencies.forms import (
    AttachPostsForm,
    PositionProfileForm,
    ProfileVersionForm,
)
from cadre.competencies.models import (
    Competency,
    PositionProfile,
    ProfileVersion,
    Requirement,
)
from cadre.core.access import access, may
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.tables import Column
from cadre.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedViewMixin,
    apply_application_error,
)
from cadre.orgs.models import Post

PROFILE_COLUMNS = (
    Column("code", _l("code"), sort="code"),
    Column("title", _l("title"), sort="title", link=True),
    Column("organisation__name", _l("defined by"), sort="organisation__path"),
)


class PositionProfileListView(ObjectListView):
    model = PositionProfile
    columns = PROFILE_COLUMNS
    filterset_class = PositionProfileFilterSet
    select_related = ("organisation",)
    default_sort = "title"


class PositionProfileDetailView(ObjectDetailView):
    model = PositionProfile
    select_related = ("organisation",)
    fields = PROFILE_COLUMNS

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        versions = (
            ProfileVersion.objects.restrict(user, "view")
            .filter(profile=obj)
            .prefetch_related(
                Prefetch(
                    "requirements",
                    queryset=Requirement.objects.select_related(
                        "competency__version__framework"
                    ).order_by("competency__framework__code", "competency__position"),
                )
            )
            .order_by("-number")
        )
        posts = (
            Post.objects.restrict(user, "view")
            .filter(standard_link__profile=obj)
            .select_related("organisation")
            .order_by("organisation__path", "title")
        )
        may_change = may(user, obj, "change")
        return {
            "versions": versions,
            "posts": posts[:100],
            "post_count": posts.count(),
            "may_change": may_change,
            "may_attach": can(user, "orgs.post", "change"),
            "attach_form": AttachPostsForm(),
        }


class PositionProfileEditView(ObjectEditView):
    model = PositionProfile
    form_class = PositionProfileForm
    create_service = services.profile_create
    update_service = services.profile_update


class PositionProfileDeleteView(ObjectDeleteView):
    model = PositionProfile
    delete_service = services.profile_delete


def _published_competencies() -> tuple[list[Competency], dict[int, int]]:
    comps = list(
        Competency.objects.filter(version__status=VersionStatus.PUBLISHED, is_category=False)
        .select_related("version__framework")
        .order_by("framework__code", "position")
    )
    return comps, services.scale_tops(c.version_id for c in comps)


class ProfileVersionAddView(ScopedViewMixin, View):
    model = PositionProfile
    template_name = "competencies/profileversion_form.html"

    def _form(self, profile: PositionProfile, data: Any = None) -> ProfileVersionForm:
        comps, scales = _published_competencies()
        initial: dict[str, Any] = {}
        current = profile.versions.order_by("-number").first()
        if current is not None:  # start from the latest version's requirements
            for req in current.requirements.all():
                initial[f"level_{req.competency_id}"] = req.level
                initial[f"weight_{req.competency_id}"] = req.weight
        return ProfileVersionForm(data, competencies=comps, scales=scales, initial=initial)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        profile = self.get_object("change")
        form = self._form(profile)
        return render(request, self.template_name, {"form": form, "profile": profile})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        profile = self.get_object("change")
        form = self._form(profile, request.POST)
        valid = form.is_valid()
        # Every problem at once: the service's rule runs on whatever levels could be read.
        if not any(name.startswith(("level_", "weight_")) for name in form.errors):
            try:
                services.profile_version_create_check(
                    actor=request.user, requirements=form.requirements()
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
                valid = False
        if valid:
            try:
                version = services.profile_version_create(
                    actor=request.user,
                    profile=profile,
                    legal_document=form.cleaned_data["legal_document"],
                    legal_date=form.cleaned_data["legal_date"],
                    effective_from=form.cleaned_data["effective_from"],
                    requirements=form.requirements(),
                    in_force=form.cleaned_data["in_force"],
                    source=AuditSource.WEB,
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("Saved: %(object)s") % {"object": version})
                return HttpResponseRedirect(profile.get_absolute_url())
        return render(request, self.template_name, {"form": form, "profile": profile}, status=400)


class ProfileVersionInForceView(ScopedViewMixin, View):
    model = ProfileVersion

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = self.get_object("change")
        try:
            services.profile_version_put_in_force(
                actor=request.user, version=version, source=AuditSource.WEB
            )
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("In force: %(v)s") % {"v": version})
        return HttpResponseRedirect(version.get_absolute_url())


class ProfilePostsView(ScopedViewMixin, View):
    """Attach posts by code, or detach one (``detach`` = post id)."""

    model = PositionProfile

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        profile = self.get_object("view")
        if not can(request.user, "orgs.post", "change"):
            raise PermissionDenied
        try:
            if "detach" in request.POST:
                post = access(Post, request.user, request.POST["detach"], "change")
                services.profile_post_detach(actor=request.user, profile=profile, post=post)
                messages.success(request, _("Detached: %(post)s") % {"post": post})
            else:
                form = AttachPostsForm(request.POST)
                if not form.is_valid():
                    raise ApplicationError(_("Give at least one post code."), field="codes")
                n = services.profile_posts_attach(
                    actor=request.user, profile=profile, post_codes=form.post_codes()
                )
                messages.success(request, _("Posts attached: %(n)d") % {"n": n})
        except ApplicationError as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(profile.get_absolute_url())
