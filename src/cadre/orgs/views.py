from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import View

from cadre.core.fields import path_ids
from cadre.core.tables import Column, data_column
from cadre.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from cadre.orgs import extensions, selectors, services
from cadre.orgs.filtersets import OrganisationFilterSet, PostFilterSet
from cadre.orgs.forms import OrganisationForm, PostForm
from cadre.orgs.models import Organisation, Post

COLUMNS = (
    Column("name", _("name"), sort="name", link=True),
    Column("code", _("code"), sort="code"),
    Column("kind", _("kind"), sort="kind"),
    Column("parent__name", _("parent"), sort="parent__name"),
    Column("is_it_unit", _("IT unit")),
)

# The export: the file the organisation import takes (``orgs.imports.OrganisationImport``),
# the parent by its code (names repeat: a hundred communes are each "UBND xã").
EXPORT_COLUMNS = (
    data_column("code"),
    data_column("name"),
    data_column("kind"),
    data_column("parent_code", lambda o: o.parent.code if o.parent is not None else None),
    data_column("level"),
    data_column("is_it_unit"),
)


class OrganisationListView(ObjectListView):
    model = Organisation
    columns = COLUMNS
    filterset_class = OrganisationFilterSet
    select_related = ("parent",)
    default_sort = "path"

    def get_export_columns(self) -> Any:
        return EXPORT_COLUMNS


class OrganisationDetailView(ObjectDetailView):
    model = Organisation
    select_related = ("parent",)
    fields = (*COLUMNS[1:], Column("country", _("country")), Column("depth", _("depth")))

    def extra_context(self, obj: Any) -> dict[str, Any]:
        children = Organisation.objects.restrict(self.request.user, "view").filter(parent=obj)
        return {"children": children.order_by("name")[:200], "ancestors": _ancestors(obj)}


def _ancestors(obj: Organisation) -> list[Organisation]:
    ids = path_ids(obj.path)[:-1]
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


class OrganisationEditView(ObjectEditView):
    model = Organisation
    form_class = OrganisationForm
    create_service = services.organisation_create
    update_service = services.organisation_update
    update_check = services.organisation_update_check
    service_instance_kwarg = "organisation"


class OrganisationDeleteView(ObjectDeleteView):
    model = Organisation
    delete_service = services.organisation_delete
    service_instance_kwarg = "organisation"


def _band(post: Post) -> str:
    from django.utils.formats import number_format

    lo = number_format(post.salary_min, 0, force_grouping=True)
    hi = number_format(post.salary_max, 0, force_grouping=True)
    return f"{lo}–{hi} {post.currency}"


def _vacant(post: Post) -> int:
    return max(0, post.positions - post.filled)  # type: ignore[attr-defined]


POST_COLUMNS = (
    Column("title", _("title"), sort="title", link=True),
    Column("code", _("code"), sort="code"),
    Column("organisation__name", _("unit"), sort="organisation__name"),
    Column("category", _("category / grade"), sort="category"),
    Column("band", _("salary band"), value=_band),
    Column("positions", _("positions"), sort="positions"),
    Column("filled", _("filled"), sort="filled"),
    Column("vacant", _("vacant"), value=_vacant),
)

# The export: the file the post import takes (``orgs.imports.PostImport``), the unit by its
# code; then what is computed (filled and vacant places), which the import ignores.
POST_EXPORT_COLUMNS = (
    data_column("code"),
    data_column("unit_code", lambda p: p.organisation.code),
    data_column("title"),
    data_column("category"),
    data_column("salary_min"),
    data_column("salary_max"),
    data_column("currency"),
    data_column("positions"),
    data_column("digital_lead", lambda p: p.is_digital_lead),
    data_column("filled"),
    data_column("vacant", _vacant),
)


class PostQuerysetMixin:
    def base_queryset(self, action: str = "view") -> Any:
        return extensions.annotate_filled(super().base_queryset(action))  # type: ignore[misc]


class PostListView(PostQuerysetMixin, ObjectListView):
    model = Post
    columns = POST_COLUMNS
    filterset_class = PostFilterSet
    select_related = ("organisation",)
    default_sort = "organisation__path"

    def get_export_columns(self) -> Any:
        return POST_EXPORT_COLUMNS


class PostDetailView(PostQuerysetMixin, ObjectDetailView):
    model = Post
    select_related = ("organisation",)
    fields = (
        *POST_COLUMNS[1:],
        Column("is_digital_lead", _("digital lead")),
        Column("is_head", _("heads the unit")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"holders": extensions.post_holders(self.request.user, obj)}


class PostEditView(ObjectEditView):
    model = Post
    form_class = PostForm
    create_service = services.post_create
    update_service = services.post_update
    service_instance_kwarg = "post"


class PostDeleteView(ObjectDeleteView):
    model = Post
    delete_service = services.post_delete
    service_instance_kwarg = "post"


class OrganisationPickView(LoginRequiredMixin, View):
    """What the tree picker offers for ``?q=``: up to 20 organisations the user may see,
    each with its path (JSON; ``orgs.widgets.OrganisationPicker``)."""

    def get(self, request: HttpRequest) -> JsonResponse:
        text = request.GET.get("q", "")[:100]
        return JsonResponse({"results": selectors.pick(request.user, text)})
