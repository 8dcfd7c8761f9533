"""Choices the demand commands and APIs take, kept free of heavy imports so the CLI starts fast."""

from __future__ import annotations

from enum import StrEnum


class Frequency(StrEnum):
    """Period of the forecast: daily, weekly (weeks start on Monday) or monthly."""

    DAILY = "D"
    WEEKLY = "W"
    MONTHLY = "M"

    @property
    def pandas_period(self) -> str:
        """The pandas period alias used to bucket dates."""
        return {"D": "D", "W": "W-SUN", "M": "M"}[self.value]

    @property
    def statsforecast_freq(self) -> str:
        """The frequency string statsforecast uses for the period start dates."""
        return {"D": "D", "W": "W-MON", "M": "MS"}[self.value]

    @property
    def season_length(self) -> int:
        """The natural seasonal period: a week of days, a year of weeks or of months."""
        return {"D": 7, "W": 52, "M": 12}[self.value]

    @property
    def days(self) -> float:
        """Average number of days in one period."""
        return {"D": 1.0, "W": 7.0, "M": 30.4375}[self.value]


class ModelProfile(StrEnum):
    """Which set of candidate models to select from."""

    FAST = "fast"
    FULL = "full"
