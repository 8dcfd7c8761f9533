"""Shopweave: an open-source, self-hosted AI system of systems for ecommerce sellers."""

__version__ = "0.1.0"

__all__ = ["__version__"]
