"""The GraphQL mutations: create, update, link, lifecycle, evidence and API keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from upg.api import auth_mutations, inputs
from upg.api import types as t
from upg.api.account_fields import AccountMutations
from upg.api.context import Info
from upg.api.queries import report_evidence, token_store
from upg.model.nodes import Node as ModelNode
from upg.services import nodes as node_service
from upg.services import tokens as token_service

UNSET: Any = strawberry.UNSET


def _given(value: float | None) -> float | None:
    return None if value is UNSET else value


async def _create(info: Info, type_key: str, value: inputs.NodeInput) -> ModelNode:
    info.context.loaders.clear()
    return await node_service.create_node(
        info.context.repository, type_key, inputs.create_data(value)
    )


@strawberry.type
class Mutation(AccountMutations):
    @strawberry.mutation
    async def create_product(self, info: Info, input: inputs.ProductInput) -> t.Product:
        return t.product(await _create(info, "PRODUCT", input))

    @strawberry.mutation
    async def create_outcome(self, info: Info, input: inputs.OutcomeInput) -> t.Outcome:
        return t.outcome(await _create(info, "OUTCOME", input))

    @strawberry.mutation
    async def create_health_score(
        self, info: Info, input: inputs.HealthScoreInput
    ) -> t.CustomerHealthScore:
        return t.health_score(await _create(info, "CUSTOMER_HEALTH_SCORE", input))

    @strawberry.mutation
    async def create_success_milestone(
        self, info: Info, input: inputs.SuccessMilestoneInput
    ) -> t.SuccessMilestone:
        return t.milestone(await _create(info, "SUCCESS_MILESTONE", input))

    @t.mutation("Change the fields sent; a status change must follow the type's lifecycle.")
    async def update_node(
        self, info: Info, id: strawberry.ID, input: inputs.UpdateNodeInput
    ) -> t.Node:
        info.context.loaders.clear()
        node = await node_service.update_node(
            info.context.repository, id, inputs.update_data(input)
        )
        return t.as_node(node)

    @t.mutation("Delete a node with its edges; returns its id.")
    async def delete_node(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        info.context.loaders.clear()
        return strawberry.ID(await node_service.delete_node(info.context.repository, id))

    @t.mutation(
        "Link two nodes. Linking twice keeps one edge (a weight given replaces the "
        "old one); weights are for weighted types only (CONTAINS, default 1)."
    )
    async def link(
        self,
        info: Info,
        from_id: strawberry.ID,
        to_id: strawberry.ID,
        type: t.EdgeType,
        weight: float | None = UNSET,
    ) -> t.Link:
        info.context.loaders.clear()
        edge = await node_service.link(
            info.context.repository, from_id, to_id, type.name, _given(weight)
        )
        return t.Link(
            type=t.EdgeType(edge.type), weight=edge.weight, from_id=edge.from_id, to_id=edge.to_id
        )

    @t.mutation("Remove an edge; false when there was none.")
    async def unlink(
        self, info: Info, from_id: strawberry.ID, to_id: strawberry.ID, type: t.EdgeType
    ) -> bool:
        info.context.loaders.clear()
        return await node_service.unlink(info.context.repository, from_id, to_id, type.name)

    @t.mutation("Move a milestone along its lifecycle; achieved follows DONE.")
    async def transition_milestone(
        self, info: Info, id: strawberry.ID, to: t.MilestoneStatus
    ) -> t.SuccessMilestone:
        info.context.loaders.clear()
        node = await node_service.transition_milestone(info.context.repository, id, to.value)
        return t.milestone(node)

    @t.mutation(
        "Compute evidence (as evidenceReport does) and store it on the VALIDATES edges, where "
        "SuccessMilestone.evidence and Neo4j Browser read it."
    )
    async def compute_evidence(
        self,
        info: Info,
        product_id: strawberry.ID | None = UNSET,
        as_of: datetime | None = UNSET,
    ) -> t.EvidenceReport:
        info.context.loaders.clear()
        return await report_evidence(info, product_id or None, as_of or None, store=True)

    @t.mutation("Create an API key (admin only); its secret is in the answer and nowhere else.")
    async def create_api_token(self, info: Info, name: str, role: t.Role) -> t.CreatedApiToken:
        token, secret = await token_service.create_token(token_store(info), name, role.name)
        return t.CreatedApiToken(token=t.api_token(token), secret=secret)

    @t.mutation(
        "Revoke the API keys with this id or name (admin only). This replica stops accepting "
        "them at once, other replicas within UPG_TOKEN_CACHE_SECONDS."
    )
    async def revoke_api_token(self, info: Info, ref: str) -> list[t.ApiToken]:
        revoked = await token_service.revoke_token(token_store(info), ref)
        info.context.services.authenticator.forget()
        return [t.api_token(token) for token in revoked]

    revoke_jwt = auth_mutations.revoke_jwt
