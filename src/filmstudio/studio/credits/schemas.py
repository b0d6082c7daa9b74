"""Credit API shapes."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


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
    credits: int = Field(ge=1, le=10_000)
