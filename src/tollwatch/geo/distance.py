"""The one distance between places: great-circle kilometres, infinite when either is unplaced.

An unplaced place is never near anything: a caller that wants "unknown counts as close"
(never split two reports on a missing point) checks ``located`` first and says so.
"""

from __future__ import annotations

import math

from tollwatch.model import Place

EARTH_RADIUS_KM = 6371.0


def located(place: Place) -> bool:
    """Whether a place has coordinates."""
    return place.lat is not None and place.lon is not None


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places; ``math.inf`` when either has no point."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))
