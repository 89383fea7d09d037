from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from openhire.accounts import selectors, services
from openhire.accounts.models import User
from openhire.core.api import require_roles, require_write, viewer
from openhire.core.permissions import ADMIN, ALL_ROLES

router = Router(tags=["accounts"])


class OrganizationOut(Schema):
    id: UUID
    name: str
    name_en: str
    slug: str


class UserOut(Schema):
    id: UUID
    username: str
    display_name: str
    email: str
    role: str
    is_active: bool
    wecom_userid: str
    language: str


class MeOut(UserOut):
    organization: OrganizationOut


class UserIn(Schema):
    username: str
    password: str
    role: str
    email: str = ""
    display_name: str = ""


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> User:
    return require_roles(request, *ALL_ROLES)


@router.get("/users", response=list[UserOut])
@paginate(LimitOffsetPagination)
def user_list(request: HttpRequest) -> object:
    return selectors.users_for(require_roles(request, ADMIN))


@router.post("/users", response={201: UserOut})
def user_create(request: HttpRequest, payload: UserIn) -> tuple[int, User]:
    actor = require_write(request, ADMIN)
    user = services.user_create(organization=actor.organization, actor=actor, **payload.dict())  # type: ignore[arg-type]
    return 201, user


class UserPatch(Schema):
    display_name: str | None = None
    email: str | None = None
    phone: str | None = None
    wecom_userid: str | None = None
    language: str | None = None
    role: str | None = None


@router.patch("/users/{user_id}", response=UserOut)
def user_update(request: HttpRequest, user_id: UUID, payload: UserPatch) -> User:
    actor = require_write(request, ADMIN)
    changes = payload.dict(exclude_none=True)
    return services.user_update(
        user=selectors.access_user(viewer(request), user_id), actor=actor, changes=changes
    )


@router.post("/users/{user_id}/deactivate", response=UserOut)
def user_deactivate(request: HttpRequest, user_id: UUID) -> User:
    actor = require_write(request, ADMIN)
    return services.user_deactivate(user=selectors.access_user(viewer(request), user_id), actor=actor)
