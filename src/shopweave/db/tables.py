"""Imports every package's table module so `Base.metadata` is complete (for Alembic and tests).

A package that adds tables adds its module here.
"""

import shopweave.catalog.store.tables
import shopweave.events.tables  # noqa: F401
import shopweave.demo.tables  # noqa: F401
import shopweave.decisions.tables  # noqa: F401
import shopweave.support.tables  # noqa: F401
import shopweave.demand.tables  # noqa: F401
