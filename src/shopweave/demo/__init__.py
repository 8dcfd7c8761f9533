"""The sample store: a deterministic catalog, customers, two years of orders, suppliers, stock,
policies and rendered product photos with ground-truth masks, built from code alone.

    report = seed_demo_store(database, ImageStore(settings.images_dir), products=200, seed=7)
    for photo in ground_truth(session):   # which stored photo has which exact mask
        ...
"""

from shopweave.demo.catalog import Defects
from shopweave.demo.ground_truth import GroundTruthPhoto, ground_truth
from shopweave.demo.photos import PhotoSpec, RenderedPhoto, Variety, render_photo
from shopweave.demo.seed import DEFAULT_END_DATE, SeedCounts, SeedReport, seed_demo_store

__all__ = [
    "DEFAULT_END_DATE",
    "Defects",
    "GroundTruthPhoto",
    "PhotoSpec",
    "RenderedPhoto",
    "SeedCounts",
    "SeedReport",
    "Variety",
    "ground_truth",
    "render_photo",
    "seed_demo_store",
]
