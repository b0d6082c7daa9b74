"""Credit API shapes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator


class BalancePublic(BaseModel):
    credits: int
    tier: str
    monthly_credits: int | None = Field(
        description="Credits topped up each month; null: unlimited."
    )
    unlimited: bool
    credit_reset_date: datetime


class TransactionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    amount: int
    balance_after: int
    kind: str
    description: str
    job_id: uuid.UUID | None
    created_at: datetime


class DeductRequest(BaseModel):
    amount: int = Field(default=1, ge=1, le=1000)
    description: str = Field(default="", max_length=300)


class GrantRequest(BaseModel):
    user_id: uuid.UUID
    amount: int = Field(ge=1, le=100_000)
    description: str = Field(default="", max_length=300)


class PurchaseRequest(BaseModel):
    """Either a credit pack (its number of credits) or a subscription plan."""

    credits: int | None = Field(default=None, ge=1, le=10_000, description="A pack's size.")
    plan: Literal["pro", "enterprise"] | None = Field(
        default=None, description="Subscribe to a plan instead of buying a pack."
    )

    @model_validator(mode="after")
    def one_thing(self) -> Self:
        if (self.credits is None) == (self.plan is None):
            raise ValueError("give either credits (a pack) or plan (a subscription)")
        return self
