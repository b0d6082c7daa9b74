"""The GraphQL endpoint (HTTP and WebSocket) as a FastAPI router, mounted at ``/graphql``.

No GraphiQL page: it loads its scripts from a CDN (blank offline); any GraphQL client, or
the schema printed by ``strawberry export-schema``, serves instead."""

from __future__ import annotations

from strawberry.fastapi import GraphQLRouter

from filmstudio.studio.graphql.context import Context, get_context
from filmstudio.studio.graphql.schema import schema

router: GraphQLRouter[Context, None] = GraphQLRouter(
    schema, context_getter=get_context, graphql_ide=None, tags=["graphql"]
)
