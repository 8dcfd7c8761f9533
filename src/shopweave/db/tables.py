"""Imports every package's table module so `Base.metadata` is complete (for Alembic and tests).

A package that adds tables adds its module here.
"""

import shopweave.catalog.store.tables
import shopweave.decisions.tables
import shopweave.demand.tables
import shopweave.demo.tables
import shopweave.events.tables
import shopweave.support.tables  # noqa: F401
