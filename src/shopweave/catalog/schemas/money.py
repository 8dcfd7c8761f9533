"""Money: a Decimal amount with an ISO 4217 currency code. Never a float."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Annotated

import pycountry
from pydantic import AfterValidator, BaseModel, ConfigDict, Field


@lru_cache(maxsize=512)
def _check_currency(code: str) -> str:
    upper = code.strip().upper()
    if pycountry.currencies.get(alpha_3=upper) is None:
        raise ValueError(f"{code!r} is not an ISO 4217 currency code (for example USD, EUR, GBP)")
    return upper


CurrencyCode = Annotated[
    str,
    AfterValidator(_check_currency),
    Field(description="ISO 4217 currency code.", examples=["USD"]),
]


class Money(BaseModel):
    """An amount of money in one currency."""

    model_config = ConfigDict(frozen=True)

    amount: Decimal = Field(description="The amount, exact to the cent.", examples=["19.99"])
    currency: CurrencyCode = Field(description="ISO 4217 currency code.", examples=["USD"])
