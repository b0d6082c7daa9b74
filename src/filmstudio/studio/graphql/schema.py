"""The GraphQL schema: every resolver calls the service function its REST route calls, with
the caller's account, so access rules and validation are the REST ones.

The object types are built from the REST models at import (`types.derive`), so mypy sees
them as values, not classes: hence the two error codes switched off for this file."""

# mypy: disable-error-code="valid-type,no-any-return"

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncGenerator
from typing import Any, get_args

import strawberry
from graphql import GraphQLError
from pydantic import BaseModel, ValidationError
from strawberry.scalars import JSON
from strawberry.types import Info

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.credits import service as credits
from filmstudio.studio.credits.schemas import BalancePublic, TransactionPublic
from filmstudio.studio.graphql.context import Context, call
from filmstudio.studio.graphql.types import derive, page_of
from filmstudio.studio.jobs import service as jobs
from filmstudio.studio.jobs.models import FINISHED_STATES
from filmstudio.studio.jobs.schemas import JobProgress, JobPublic, JobStatus, JobStatusPublic
from filmstudio.studio.pagination import Page, PageParams
from filmstudio.studio.projects import renders, storyboard
from filmstudio.studio.projects import service as projects
from filmstudio.studio.projects.schemas import (
    ProjectCreate,
    ProjectPublic,
    ProjectStatus,
    ProjectUpdate,
    VersionPublic,
)

PROGRESS_POLL_SECONDS = 0.5
MAX_PAGE = 100_000
MAX_PAGE_SIZE = 100

GInfo = Info[Context, Any]

User = derive(UserPublic, "User")
Version = derive(VersionPublic, "ProjectVersion")
Render = derive(renders.RenderPublic, "Render")
Storyboard = derive(storyboard.StoryboardPublic, "Storyboard")
Job = derive(JobPublic, "Job")
JobState = derive(JobStatusPublic, "JobState")
Progress = derive(JobProgress, "JobProgress")
Balance = derive(BalancePublic, "Balance")
Transaction = derive(TransactionPublic, "CreditTransaction")


async def _versions(root: Any, info: GInfo) -> list[Version]:
    """Every saved version, newest first."""
    context = info.context
    found = await call(projects.versions, context.studio, await context.user(), root.id)
    return [Version.from_pydantic(v) for v in found]


async def _renders(root: Any, info: GInfo) -> list[Render]:
    """The project's renders, newest first, with links to each finished film's files."""
    context = info.context
    found = await call(renders.list_renders, context.studio, await context.user(), root.id)
    return [Render.from_pydantic(r) for r in found]


async def _storyboard(root: Any, info: GInfo) -> Storyboard:
    """The storyboard: the edited plan, else the latest film's, else a draft of the script."""
    context = info.context
    found = await call(storyboard.read, context.studio, await context.user(), root.id)
    return Storyboard.from_pydantic(found)


Project = derive(
    ProjectPublic,
    "Project",
    versions=strawberry.field(resolver=_versions),
    renders=strawberry.field(resolver=_renders),
    storyboard=strawberry.field(resolver=_storyboard),
)
ProjectPage = page_of(Project, "ProjectPage")
JobPage = page_of(Job, "JobPage")
TransactionPage = page_of(Transaction, "CreditTransactionPage")


def _bad_input(detail: str, errors: list[Any] | None = None) -> GraphQLError:
    extensions: dict[str, Any] = {"status": 422, "code": "validation_error"}
    if errors is not None:
        extensions["errors"] = errors
    return GraphQLError(detail, extensions=extensions)


def _status(status: str | None, kind: Any) -> str | None:
    """A state filter, checked against the same choices as REST's."""
    if status is not None and status not in get_args(kind):
        raise _bad_input(f"status must be one of {', '.join(get_args(kind))}.")
    return status


def _params(page: int, page_size: int) -> PageParams:
    """The same bounds as REST's ``page`` and ``page_size``."""
    if not 1 <= page <= MAX_PAGE or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise _bad_input(f"page must be 1–{MAX_PAGE:,} and pageSize 1–{MAX_PAGE_SIZE}.")
    return PageParams(page=page, page_size=page_size)


def _validated(model: type[BaseModel], data: JSON) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        errors = [
            {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in error.errors()
        ]
        parts = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        raise _bad_input(f"The input is not valid: {parts}.", errors) from error


def _page(page: Page[Any], kind: Any, item: Any) -> Any:
    return kind(
        items=[item.from_pydantic(i) for i in page.items],
        total=page.total,
        page=page.page,
        page_size=page.page_size,
    )


@strawberry.type
class Credits:
    @strawberry.field
    async def balance(self, info: GInfo) -> Balance:
        """Your credits now."""
        context = info.context
        user = await context.user()
        studio = context.studio
        found = await call(
            credits.balance, studio.db, studio.cache, user.id, studio.settings.cache_seconds
        )
        return Balance.from_pydantic(found)

    @strawberry.field
    async def history(self, info: GInfo, page: int = 1, page_size: int = 20) -> TransactionPage:
        """Every change of your balance, newest first."""
        context = info.context
        user = await context.user()
        params = _params(page, page_size)

        def read() -> Page[TransactionPublic]:
            with context.studio.db.read_session() as session:
                return credits.history(session, user.id, params)

        return _page(await call(read), TransactionPage, Transaction)


@strawberry.type
class Query:
    @strawberry.field
    async def me(self, info: GInfo) -> User:
        """Your profile."""
        return User.from_pydantic(await info.context.user())

    @strawberry.field
    async def project(self, info: GInfo, id: uuid.UUID) -> Project:
        """One project you own, or one shared with you."""
        context = info.context
        found = await call(projects.get, context.studio, await context.user(), id)
        return Project.from_pydantic(found)

    @strawberry.field
    async def projects(
        self, info: GInfo, page: int = 1, page_size: int = 20, status: str | None = None
    ) -> ProjectPage:
        """Your projects and those shared with you, most recently changed first."""
        context = info.context
        params = _params(page, page_size)
        user = await context.user()
        wanted = _status(status, ProjectStatus)
        body = await projects.cached_page_async(context.studio, user, wanted, params)
        if body is None:  # as REST: the cache on the event loop, the database in a thread
            body = await call(projects.list_projects, context.studio, user, wanted, params)
        return _page(Page[ProjectPublic].model_validate_json(body), ProjectPage, Project)

    @strawberry.field
    async def job(self, info: GInfo, id: uuid.UUID) -> Job:
        context = info.context
        return Job.from_pydantic(await call(jobs.get, context.studio, await context.user(), id))

    @strawberry.field
    async def jobs(
        self, info: GInfo, page: int = 1, page_size: int = 20, status: str | None = None
    ) -> JobPage:
        """Your jobs, newest first."""
        context = info.context
        params = _params(page, page_size)
        user = await context.user()
        wanted = _status(status, JobStatus)
        found = await call(jobs.list_jobs, context.studio, params, user=user, status=wanted)
        return _page(found, JobPage, Job)

    @strawberry.field
    def credits(self) -> Credits:
        return Credits()


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_project(self, info: GInfo, input: JSON) -> Project:
        """A new draft; `input` has the fields of REST's ProjectCreate."""
        context = info.context
        data = _validated(ProjectCreate, input)
        found = await call(projects.create, context.studio, await context.user(), data)
        return Project.from_pydantic(found)

    @strawberry.mutation
    async def update_project(self, info: GInfo, id: uuid.UUID, input: JSON) -> Project:
        """Change some fields (those of REST's ProjectUpdate); any change saves a version."""
        context = info.context
        data = _validated(ProjectUpdate, input)
        found = await call(projects.update, context.studio, await context.user(), id, data)
        return Project.from_pydantic(found)

    @strawberry.mutation
    async def submit_job(
        self, info: GInfo, project_id: uuid.UUID, idempotency_key: str | None = None
    ) -> JobState:
        """Queue a render (1 credit, refunded if the film fails)."""
        if idempotency_key is not None and len(idempotency_key) > 150:
            raise _bad_input("idempotencyKey may have at most 150 characters.")
        context = info.context
        user = await context.user()
        found = await call(jobs.submit, context.studio, user, project_id, idempotency_key)
        return JobState.from_pydantic(found)

    @strawberry.mutation
    async def cancel_job(self, info: GInfo, id: uuid.UUID) -> JobState:
        """Cancel a queued or running render; the credit comes back."""
        context = info.context
        found = await call(jobs.cancel, context.studio, await context.user(), id)
        return JobState.from_pydantic(found)


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def job_progress(self, info: GInfo, job_id: uuid.UUID) -> AsyncGenerator[Progress, None]:
        """The job's progress at each change, ending when the job finishes."""
        context = info.context
        user = await context.user()
        last = None
        while True:
            state = await call(jobs.progress_of, context.studio, user, job_id)
            if state != last:
                yield Progress.from_pydantic(state)
                last = state
            if state.status in FINISHED_STATES:
                return
            await asyncio.sleep(PROGRESS_POLL_SECONDS)


class StudioSchema(strawberry.Schema):
    """Logs only unexpected errors: a refused request (a studio error, which carries its
    status) or a malformed query is the client's business, not the server log's."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: Any | None = None
    ) -> None:
        unexpected = [
            e
            for e in errors
            if e.original_error is not None and "status" not in (e.extensions or {})
        ]
        super().process_errors(unexpected, execution_context)


schema = StudioSchema(query=Query, mutation=Mutation, subscription=Subscription)
