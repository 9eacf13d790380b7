// The office's planning board on react-big-calendar (MIT, jquense) and its
// drag-and-drop addon, wrapped for Reflex by crm_app/core/ui/planning_calendar.py
// (the same technique as date_picker.jsx: Reflex installs the npm packages,
// Vite bundles them, nothing comes from a CDN).
//
// Week and day views, one lane (resource) per technician. Times travel as
// Paris wall-clock text ("2026-12-08T09:00"), shown as they are whatever the
// browser's time zone. A drop or a resize is shown at once where it was
// dropped and sent to the server, whose answer (the new events, or the old
// ones after a refusal) replaces it. User text is rendered as text by React.
import { useEffect, useMemo, useState } from "react";
import { Calendar, dateFnsLocalizer } from "react-big-calendar";
import dragAndDrop from "react-big-calendar/lib/addons/dragAndDrop";
import { format, getDay, isValid, parse, startOfWeek } from "date-fns";
import { fr } from "date-fns/locale";
import "react-big-calendar/lib/css/react-big-calendar.css";
import "react-big-calendar/lib/addons/dragAndDrop/styles.css";
import "./planning_calendar.css";

const WALL = "yyyy-MM-dd'T'HH:mm";
const DAY = "yyyy-MM-dd";
const localizer = dateFnsLocalizer({
  format,
  parse,
  startOfWeek: (date) => startOfWeek(date, { weekStartsOn: 1 }),
  getDay,
  locales: { fr },
});
// The addon is published as CommonJS only: its default export arrives wrapped.
const withDragAndDrop = dragAndDrop.default ?? dragAndDrop;
const DragAndDropCalendar = withDragAndDrop(Calendar);

const MESSAGES = {
  date: "Date",
  time: "Heure",
  event: "Intervention",
  allDay: "Journée",
  week: "Semaine",
  work_week: "Semaine de travail",
  day: "Jour",
  month: "Mois",
  previous: "Précédent",
  next: "Suivant",
  yesterday: "Hier",
  tomorrow: "Demain",
  today: "Aujourd'hui",
  agenda: "Agenda",
  noEventsInRange: "Aucune intervention sur cette période.",
  showMore: (count) => `+ ${count} de plus`,
};

const FORMATS = {
  timeGutterFormat: "HH:mm",
  eventTimeRangeFormat: ({ start, end }, culture, loc) =>
    `${loc.format(start, "HH:mm", culture)}–${loc.format(end, "HH:mm", culture)}`,
  dayFormat: "EEE dd/MM",
  dayHeaderFormat: "EEEE d MMMM yyyy",
  dayRangeHeaderFormat: ({ start, end }, culture, loc) =>
    `${loc.format(start, "d MMMM", culture)} – ${loc.format(end, "d MMMM yyyy", culture)}`,
};

function EventBox({ event }) {
  return (
    <div className="crm-event-body" data-intervention={event.id}>
      <strong>
        {event.overlap ? "⚠ " : ""}
        {event.title}
      </strong>
      <div>{event.detail}</div>
    </div>
  );
}

export function PlanningCalendar({
  events,
  resources,
  date,
  view = "week",
  minHour = 7,
  maxHour = 20,
  height = 720,
  onMove,
  onSelectSlot,
  onSelectEvent,
  onNavigate,
  onView,
  id,
  ref: _ref, // Reflex gives every component with an id a ref: the calendar has its own.
}) {
  const [moved, setMoved] = useState({}); // key -> where it was dropped, until the server answers
  useEffect(() => setMoved({}), [events]);

  const shown = useMemo(
    () =>
      (events || []).map((event) => {
        const local = moved[event.key] || {};
        return {
          ...event,
          resource: local.resource ?? event.resource,
          start: parse(local.start ?? event.start, WALL, new Date()),
          end: parse(local.end ?? event.end, WALL, new Date()),
        };
      }),
    [events, moved]
  );
  const current = useMemo(() => {
    const day = parse(date || "", DAY, new Date()); // "" until the page's state arrives
    return isValid(day) ? day : new Date();
  }, [date]);
  const earliest = useMemo(() => new Date(1970, 0, 1, minHour, 0), [minHour]);
  const latest = useMemo(() => new Date(1970, 0, 1, maxHour, 0), [maxHour]);

  const move = ({ event, start, end, resourceId }) => {
    const target = resourceId ?? event.resource;
    const change = { start: format(start, WALL), end: format(end, WALL), resource: target };
    setMoved((before) => ({ ...before, [event.key]: change }));
    onMove?.({
      id: event.id,
      version: event.version,
      start: change.start,
      end: change.end,
      from_lane: event.resource,
      to_lane: target,
    });
  };

  // Readable columns: the board scrolls sideways rather than squeezing them.
  const lanes = Math.max(1, (resources || []).length);
  const minWidth = 60 + lanes * (view === "day" ? 170 : 7 * 92);

  return (
    <div id={id} className="crm-planning-calendar" style={{ height: height + 16 }}>
      <div style={{ height, minWidth }}>
      <DragAndDropCalendar
        localizer={localizer}
        culture="fr"
        events={shown}
        resources={resources && resources.length ? resources : undefined}
        resourceIdAccessor="id"
        resourceTitleAccessor="title"
        resourceAccessor="resource"
        date={current}
        view={view}
        views={["week", "day"]}
        onNavigate={(next) => onNavigate?.(format(next, DAY))}
        onView={(next) => onView?.(next)}
        step={15}
        timeslots={4}
        min={earliest}
        max={latest}
        scrollToTime={earliest}
        messages={MESSAGES}
        formats={FORMATS}
        selectable
        resizable
        popup
        onEventDrop={move}
        onEventResize={move}
        onSelectSlot={(slot) =>
          onSelectSlot?.({
            start: format(slot.start, WALL),
            end: format(slot.end, WALL),
            lane: slot.resourceId ?? 0,
          })
        }
        onSelectEvent={(event) => onSelectEvent?.({ id: event.id, lane: event.resource })}
        draggableAccessor={(event) => event.state !== "done"}
        eventPropGetter={(event) => ({
          className: "crm-event" + (event.overlap ? " crm-event-overlap" : ""),
          style: {
            backgroundColor: event.color,
            borderLeft: `5px solid ${event.sector_color || event.color}`,
          },
        })}
        components={{ event: EventBox }}
        style={{ height: "100%" }}
      />
      </div>
    </div>
  );
}
