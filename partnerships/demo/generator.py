"""`manage.py seed_demo [--password P] [--activities N] [--seed S]`: believable demo data.

Two parts with different needs:
- the *structure* (agencies, demo users, partnerships, development models, plans) is small and
  fixed: it is found by natural keys or created, partnerships, models and plans through the same
  services as the portal (checked, attributed to the demo administrator, in their history), and
  it is the same on every run whatever `--seed` says; agencies are reference data loaded in bulk
  before any user exists, like the units; users are accounts (no service for them yet);
- the *activities* scale to millions: they are generated in batches and written with
  `bulk_create`, together with their workflow history (ActivityStatusChange rows consistent with
  the status), so memory stays flat and no query runs per row. Activity number i is a pure
  function of (seed, i), so `--activities` tops the demo up to N instead of adding N more, and a
  top-up gives the same rows as seeding N at once.

Bulk inserts (the activities, and the calibration of this run's plans against them) skip the
services, model `save()`, signals and django-simple-history, for volume: the generator builds only
rows that satisfy the model's rules (commune within the partnership's area, ethnic-minority
people within people reached, whole non-negative đồng, dates in order), and the database
constraints hold it to the single-row ones.

The parts: `common.py` (defaults, demo users, helpers), `structure.py` (the fixed part and the
plans' calibration), `activities.py` (the generator and its bulk writer); the command runs
them in that order.
"""

from partnerships.demo.activities import ActivityGenerator, ActivityWriter, seed_activities
from partnerships.demo.structure import Structure, calibrate_plans

__all__ = ["ActivityGenerator", "ActivityWriter", "Structure", "calibrate_plans", "seed_activities"]
