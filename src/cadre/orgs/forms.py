from __future__ import annotations

from typing import Any

from cadre.core.forms import NamesFormMixin, ScopedModelForm
from cadre.orgs.models import Organisation, Post


class OrganisationForm(NamesFormMixin, ScopedModelForm):
    """The main name and, after it, the name in each UI language (decision 0044)."""

    scoped_fields = {"parent": "add"}

    class Meta:
        model = Organisation
        fields = ["name", "code", "kind", "parent", "level", "is_it_unit", "country"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_name_fields(self.instance.names if self.instance.pk else {})

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in super().service_data().items() if not k.startswith("name_")}
        return {**data, "names": self.names_data()}


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
