from __future__ import annotations

from cadre.core.forms import ScopedModelForm
from cadre.orgs.models import Organisation, Post


class OrganisationForm(ScopedModelForm):
    scoped_fields = {"parent": "add"}

    class Meta:
        model = Organisation
        fields = ["name", "code", "kind", "parent", "level", "is_it_unit", "country"]


class PostForm(ScopedModelForm):
    scoped_fields = {"organisation": "add"}

    class Meta:
        model = Post
        fields = [
            "organisation",
            "code",
            "title",
            "category",
            "salary_min",
            "salary_max",
            "currency",
            "positions",
            "is_digital_lead",
            "is_head",
        ]
