"""Encryption at rest of named fields, and their blind index (decision 0038).

A small layer on ``cryptography``'s Fernet (AES-128-CBC and HMAC-SHA256, a fresh IV per
value): :class:`EncryptedTextField` stores a Fernet token and gives back the text;
:class:`BlindIndexField` stores the keyed HMAC-SHA256 of the normalised text beside it, so
that ``filter(field=value)``, ``filter(field__in=values)`` and the uniqueness constraint go
to the index column. Every other lookup (``icontains``, ``startswith``, ordering by the
value in SQL) is refused: on ciphertext it would silently find nothing.

Keys: ``settings.CADRE_FIELD_KEYS`` (newest first; MultiFernet encrypts with the first and
decrypts with any) and ``settings.CADRE_FIELD_INDEX_KEY`` (the HMAC's own key).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import models
from django.db.models import lookups
from django.db.models.expressions import Col

__all__ = [
    "BlindIndexField",
    "EncryptedTextField",
    "InvalidToken",
    "blind_index",
    "decrypt",
    "encrypt",
    "encrypted_fields",
    "normalise",
]

# The lookups that keep their meaning on an encrypted field (through its blind index).
ALLOWED_LOOKUPS = frozenset({"exact", "in", "isnull"})


@lru_cache(maxsize=8)
def _multi(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def field_keys() -> tuple[str, ...]:
    return tuple(settings.CADRE_FIELD_KEYS)


def multi(keys: Iterable[str] | None = None) -> MultiFernet:
    """The MultiFernet of ``keys`` (default: the configured ones, newest first)."""
    return _multi(tuple(keys) if keys is not None else field_keys())


def encrypt(value: str) -> str:
    return multi().encrypt(value.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The text of ``token``; ``InvalidToken`` if no configured key opens it."""
    return multi().decrypt(token.encode("ascii")).decode()


def normalise(value: str) -> str:
    """The form the blind index is taken of: surrounding spaces dropped. Not case-folded:
    identifiers are compared as written (decision 0015 refuses rather than normalises)."""
    return value.strip()


@lru_cache(maxsize=8)
def _index_key(key: str) -> bytes:
    return key.encode()


def blind_index(value: str) -> str:
    """HMAC-SHA256 (``CADRE_FIELD_INDEX_KEY``) of the normalised value, in hex."""
    key = _index_key(settings.CADRE_FIELD_INDEX_KEY)
    return hmac.new(key, normalise(value).encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Text kept as a Fernet token. ``index_field`` names the model's
    :class:`BlindIndexField` over it; without one only ``isnull`` can be asked."""

    def __init__(self, *args: Any, index_field: str | None = None, **kwargs: Any) -> None:
        self.index_field = index_field
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.index_field:
            kwargs["index_field"] = self.index_field
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return None if value is None else decrypt(value)

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        value = super().get_db_prep_save(value, connection)
        return None if value is None else encrypt(str(value))

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        # A one-line input, as a CharField's (a TextField's is a text area).
        return models.Field.formfield(self, **{"max_length": self.max_length, **kwargs})

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in ALLOWED_LOOKUPS:
            return None
        if lookup_name != "isnull" and not self.index_field:
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        return None

    def index_col(self, lhs: Any) -> Col:
        if not isinstance(lhs, Col) or lhs.target is not self:
            raise FieldError(f"{self.name}: an encrypted field is compared only as a column.")
        index = self.model._meta.get_field(str(self.index_field))
        assert isinstance(index, models.Field)
        return Col(lhs.alias, index)


class BlindIndexField(models.CharField):
    """The blind index of the model's field ``source``, set on every save."""

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs.pop("editable", None)
        if kwargs.get("max_length") == 64:
            kwargs.pop("max_length")
        return name, path, args, kwargs

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        value = getattr(model_instance, self.source)
        index = None if value is None else blind_index(str(value))
        setattr(model_instance, self.attname, index)
        return index


def _rhs_text(field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise FieldError(f"{field}: an encrypted field is compared only with text.")
    return blind_index(value)


@EncryptedTextField.register_lookup
class BlindExact(lookups.Exact):
    """``field = value`` as ``field_index = hmac(value)``."""

    def __init__(self, lhs: Any, rhs: Any) -> None:
        field = lhs.target
        if rhs is not None:
            rhs = _rhs_text(field.name, rhs)
        super().__init__(field.index_col(lhs), rhs)


@EncryptedTextField.register_lookup
class BlindIn(lookups.In):
    """``field IN (values)`` as ``field_index IN (hmac(value), …)``."""

    def __init__(self, lhs: Any, rhs: Any) -> None:
        field = lhs.target
        if not isinstance(rhs, list | tuple | set | frozenset):
            raise FieldError(f"{field.name}: an encrypted field is compared only with values.")
        super().__init__(field.index_col(lhs), [_rhs_text(field.name, v) for v in rhs])


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every (model, field) kept encrypted, for the key rotation."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.local_concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def save_fields(instance: Any, update_fields: Any) -> Any:
    """``update_fields`` with the blind index of any encrypted field it names (a model's
    ``save`` calls this, so that ``save(update_fields=["personal_id"])`` keeps its index)."""
    if update_fields is None:
        return None
    names = list(update_fields)
    for field in instance._meta.local_concrete_fields:
        index = getattr(field, "index_field", None) if field.name in names else None
        if isinstance(field, EncryptedTextField) and index and index not in names:
            names.append(index)
    return names
