"""Writes to frameworks and position standards. Every one is atomic and audited.

``frameworks`` holds the frameworks, their versions and crosswalks (and the level checks
other apps use), ``standards`` the position standards. Views, the API, the demo and tests
call them as ``services.<name>``, so this package imports the public names.
"""

from cadre.competencies.services.frameworks import (
    check_level,
    competency_by_key,
    crosswalk_create,
    crosswalk_create_check,
    crosswalk_delete,
    framework_import,
    scale_tops,
    version_publish,
)
from cadre.competencies.services.standards import (
    PROFILE_AUDITED,
    PROFILE_EDITABLE,
    profile_create,
    profile_delete,
    profile_post_detach,
    profile_posts_attach,
    profile_update,
    profile_version_create,
    profile_version_create_check,
    profile_version_put_in_force,
)

__all__ = [
    "PROFILE_AUDITED",
    "PROFILE_EDITABLE",
    "check_level",
    "competency_by_key",
    "crosswalk_create",
    "crosswalk_create_check",
    "crosswalk_delete",
    "framework_import",
    "profile_create",
    "profile_delete",
    "profile_post_detach",
    "profile_posts_attach",
    "profile_update",
    "profile_version_create",
    "profile_version_create_check",
    "profile_version_put_in_force",
    "scale_tops",
    "version_publish",
]
