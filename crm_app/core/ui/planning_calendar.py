"""The planning board: react-big-calendar (MIT) with its drag-and-drop addon.

``react-big-calendar`` and ``date-fns`` come from the npm registry through
Reflex's frontend install (``lib_dependencies``; pins in ``reflex.lock/``),
bundled and served by the app: no CDN. The adapter ``planning_calendar.jsx``
beside this file turns the wall-clock texts into the library's ``Date``s and
back, shows a drop at once until the server answers, and renders user text as
text (see ``date_picker.py`` for how an adapter reaches the build).
"""

from __future__ import annotations

import reflex as rx
from reflex.event import EventHandler, passthrough_event_spec

ADAPTER = rx.asset("planning_calendar.jsx", shared=True)
STYLESHEET = rx.asset("planning_calendar.css", shared=True)  # imported by the adapter


class PlanningCalendar(rx.Component):
    library = ADAPTER.importable_path
    tag = "PlanningCalendar"
    lib_dependencies: list[str] = ["react-big-calendar@^1.19.0", "date-fns@^4.1.0"]

    # [{key, id, version, resource, start, end, title, detail, state, color,
    #   overlap, sector_color}], times as "2026-12-08T09:00" (Paris wall clock).
    events: rx.Var[list]
    # [{id, title}]: one lane per technician (0: « Non attribuées »).
    resources: rx.Var[list]
    date: rx.Var[str]  # "2026-12-08": the day shown or a day of the week shown
    view: rx.Var[str]  # "week" or "day"
    min_hour: rx.Var[int]
    max_hour: rx.Var[int]
    height: rx.Var[int]

    # {id, version, start, end, from_lane, to_lane}: a drop or a resize.
    on_move: EventHandler[passthrough_event_spec(dict)]
    # {start, end, lane}: an empty slot clicked or swept.
    on_select_slot: EventHandler[passthrough_event_spec(dict)]
    # {id, lane}: an intervention clicked.
    on_select_event: EventHandler[passthrough_event_spec(dict)]
    on_navigate: EventHandler[passthrough_event_spec(str)]
    on_view: EventHandler[passthrough_event_spec(str)]


planning_calendar = PlanningCalendar.create
