"""A technician's route: the distance model (no routing server is reachable:
straight-line distance × a road factor, at an average speed, both in the
settings) and the best visiting order, found by VROOM (``pyvroom``) with the
agreed times kept. Plain values in, plain values out: no database here."""

from __future__ import annotations

import math
from dataclasses import dataclass

import vroom

from crm_app.core.settings import get_settings

EARTH_RADIUS_KM = 6371.0088
SLOT_ROUNDING_MINUTES = 5


@dataclass(frozen=True)
class DistanceModel:
    road_factor: float = 1.3
    speed_kmh: float = 45.0

    @classmethod
    def from_settings(cls) -> DistanceModel:
        settings = get_settings()
        return cls(road_factor=settings.road_factor, speed_kmh=settings.road_speed_kmh)

    def km(self, a: tuple[float, float], b: tuple[float, float]) -> float:
        """Estimated road distance between two (latitude, longitude)."""
        return straight_km(a, b) * self.road_factor

    def minutes(self, km: float) -> float:
        return km / self.speed_kmh * 60


def straight_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class Stop:
    """One intervention of the day. Times are minutes since midnight (local)."""

    id: int
    point: tuple[float, float]
    duration_minutes: int
    start_minute: int
    fixed: bool = False


@dataclass(frozen=True)
class PlannedStop:
    id: int
    start_minute: int  # when the visit starts, in the proposed order
    km_from_previous: float


@dataclass(frozen=True)
class Route:
    stops: list[PlannedStop]
    total_km: float
    driving_minutes: float
    # Stops the solver could not fit (an agreed time that cannot be reached).
    unplaced: list[int]


def path_km(
    model: DistanceModel, start: tuple[float, float] | None, points: list[tuple[float, float]]
) -> float:
    """Length of the path start → points… → start (no start: from the first point)."""
    if not points:
        return 0.0
    path = ([start] if start else []) + points + ([start] if start else [])
    return sum(model.km(a, b) for a, b in zip(path, path[1:], strict=False))


def route_in_order(
    model: DistanceModel, start: tuple[float, float] | None, stops: list[Stop]
) -> Route:
    """The route as planned (stops in the given order, their own times)."""
    planned: list[PlannedStop] = []
    previous = start
    for stop in stops:
        km = model.km(previous, stop.point) if previous else 0.0
        planned.append(PlannedStop(stop.id, stop.start_minute, round(km, 1)))
        previous = stop.point
    total = path_km(model, start, [s.point for s in stops])
    return Route(planned, round(total, 1), round(model.minutes(total)), [])


def nearest_neighbour_order(
    model: DistanceModel, start: tuple[float, float] | None, stops: list[Stop]
) -> list[Stop]:
    """The greedy order (always the closest next stop): the benchmark's baseline."""
    left = list(stops)
    order: list[Stop] = []
    if not left:
        return []
    here: tuple[float, float] = start or left[0].point
    while left:
        origin = here
        nearest = min(left, key=lambda s: model.km(origin, s.point))
        order.append(nearest)
        left.remove(nearest)
        here = nearest.point
    return order


def optimise(
    model: DistanceModel,
    start: tuple[float, float] | None,
    stops: list[Stop],
    *,
    day_start_minute: int | None = None,
) -> Route:
    """The order that drives least, starting (and ending) at ``start``, each
    fixed stop starting at its agreed time (waiting if early); the others are
    given new start times one after another from ``day_start_minute`` (by
    default the earliest start of the day)."""
    if not stops:
        return Route([], 0.0, 0.0, [])
    day_start = (
        day_start_minute if day_start_minute is not None else min(s.start_minute for s in stops)
    )
    locations = ([start] if start else []) + [s.point for s in stops]
    offset = 1 if start else 0
    seconds = [[round(model.minutes(model.km(a, b)) * 60) for b in locations] for a in locations]

    problem = vroom.Input()
    problem.set_durations_matrix(profile="car", matrix_input=seconds)
    vehicle_start = 0 if start else None
    problem.add_vehicle(
        vroom.Vehicle(
            1,
            start=vehicle_start,
            end=vehicle_start,
            # He leaves home in time to start the first visit at day_start.
            time_window=vroom.TimeWindow(max(0, day_start * 60 - _longest(seconds)), 48 * 3600),
        )
    )
    for index, stop in enumerate(stops):
        windows = []
        if stop.fixed:
            windows = [vroom.TimeWindow(stop.start_minute * 60, stop.start_minute * 60)]
        problem.add_job(
            vroom.Job(
                index + 1,
                location=index + offset,
                default_service=stop.duration_minutes * 60,
                time_windows=windows,
            )
        )
    solution = problem.solve(exploration_level=5, nb_threads=1)
    steps = solution.routes
    jobs = steps[steps["type"] == "job"]
    ordered = [stops[int(job_id) - 1] for job_id in jobs["id"]]
    placed = {s.id for s in ordered}
    unplaced = [s.id for s in stops if s.id not in placed]
    return schedule(model, start, ordered, day_start, unplaced)


def schedule(
    model: DistanceModel,
    start: tuple[float, float] | None,
    ordered: list[Stop],
    day_start_minute: int,
    unplaced: list[int] | None = None,
) -> Route:
    """Start times for stops visited in this order: each as soon as the
    previous one is done and the drive is over (rounded up to 5 minutes), an
    agreed time kept as it is."""
    planned: list[PlannedStop] = []
    previous = start
    free_at = float(day_start_minute)
    for stop in ordered:
        km = model.km(previous, stop.point) if previous else 0.0
        # The drive from home happens before the day's first start.
        arrival = free_at + (model.minutes(km) if planned else 0.0)
        begins = stop.start_minute if stop.fixed else max(day_start_minute, _rounded(arrival))
        planned.append(PlannedStop(stop.id, begins, round(km, 1)))
        free_at = begins + stop.duration_minutes
        previous = stop.point
    total = path_km(model, start, [s.point for s in ordered])
    return Route(planned, round(total, 1), round(model.minutes(total)), unplaced or [])


def _longest(seconds: list[list[int]]) -> int:
    return max((max(row) for row in seconds), default=0)


def _rounded(minute: float) -> int:
    """Up to the next 5 minutes: a start time people can read."""
    return int(math.ceil(minute / SLOT_ROUNDING_MINUTES - 1e-9) * SLOT_ROUNDING_MINUTES)
