"""GraphQL object types derived from the REST answer models (one source per fact): each
field keeps its pydantic type, except the ones GraphQL has no type for (free-form objects
become ``JSON``, literal choices become ``String``)."""

from __future__ import annotations

import types
from typing import Any, Literal, Union, get_args, get_origin

import strawberry
from pydantic import BaseModel
from strawberry.experimental.pydantic import type as pydantic_type
from strawberry.scalars import JSON

_NONE = type(None)


def _plain(annotation: Any) -> Any:
    """The GraphQL-friendly twin of a pydantic annotation (None when it needs no change)."""
    origin = get_origin(annotation)
    if origin is Literal:
        return str
    if origin is dict or annotation is dict or annotation is Any:
        return JSON
    if origin in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not _NONE]
        if len(members) == 1:
            inner = _plain(members[0])
            return None if inner is None else inner | None
        return JSON
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        inner = _plain(item)
        return None if inner is None else list[inner]  # type: ignore[valid-type]
    return None


def derive(model: type[BaseModel], name: str, **resolvers: Any) -> Any:
    """A strawberry type named `name` with every field of `model` (and `resolvers`: extra
    fields computed on demand)."""
    annotations = {
        field: plain
        for field, info in model.model_fields.items()
        if (plain := _plain(info.annotation)) is not None
    }
    namespace: dict[str, Any] = {"__annotations__": annotations, **resolvers}
    return pydantic_type(model=model, all_fields=True, name=name)(type(name, (), namespace))


def page_of(item: Any, name: str) -> Any:
    """A page type: ``items``, ``total``, ``page``, ``pageSize`` (as REST's Page)."""
    return strawberry.type(
        type(
            name,
            (),
            {"__annotations__": {"items": list[item], "total": int, "page": int, "page_size": int}},
        )
    )
