"""Building the assistant from settings: the process-wide classifier, the LLM phraser, the secret."""

from __future__ import annotations

from shopweave.catalog.store import Database
from shopweave.settings import Settings
from shopweave.support.assistant import Assistant
from shopweave.support.llm import ChatCompletionsPhraser
from shopweave.support.nlu.classifier import get_classifier


def build_assistant(settings: Settings, database: Database) -> Assistant:
    """An assistant with the cached classifier, and LLM phrasing when `llm_base_url` is set."""
    classifier = get_classifier(cache_dir=settings.home / "cache")
    return Assistant(
        database,
        classifier,
        phraser=ChatCompletionsPhraser.from_settings(settings),
        link_secret=settings.support_link_secret,
    )
