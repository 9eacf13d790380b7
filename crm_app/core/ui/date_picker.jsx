// French date / date-time entry on react-datepicker (MIT), wrapped for Reflex by
// crm_app/core/ui/date_picker.py, which explains how this file reaches the build.
//
// The value is the French text the state holds ("03/12/2026" or
// "03/12/2026 14:30", 24 h), whatever the browser's language. The text is the
// truth: what the user types is sent as typed (the server validates it and
// answers at the field); a pick in the calendar or in the hour list is sent as
// its French text. The calendar follows the text when it is a valid date.
//
// The text is kept locally as well, so no keystroke is lost while an update
// travels to the server and back: the server's echoes of what this field sent
// are recognised and ignored; any other new value (a form loaded or reset)
// replaces the text.
import { useEffect, useRef, useState } from "react";
import DatePicker from "react-datepicker";
import { format, isValid, parse } from "date-fns";
import { fr } from "date-fns/locale";
import { TextField } from "@radix-ui/themes";
import { CalendarDays } from "lucide-react";
import "react-datepicker/dist/react-datepicker.css";
import "./date_picker.css";

const DATE_PATTERN = "dd/MM/yyyy";
const DATETIME_PATTERN = "dd/MM/yyyy HH:mm";

// The calendar opens in this element, at the top of the Radix theme's root: a
// Radix card clips what overflows it (overflow: hidden, and its backdrop filter
// catches even fixed elements), so the calendar cannot stay inside the form; and
// outside the theme's root it would lose the theme's colours and fonts.
// (Inside a Radix dialog, a click in the calendar would count as outside the
// dialog: give such a picker its own portal inside the dialog first.)
const PORTAL_ID = "crm-date-portal";

function ensurePortal() {
  if (document.getElementById(PORTAL_ID)) return;
  const portal = document.createElement("div");
  portal.id = PORTAL_ID;
  (document.querySelector(".radix-themes") || document.body).appendChild(portal);
}

// The Date a French text stands for, or null when it is not (yet) a full valid one.
function parseFrench(text, pattern) {
  if (!text) return null;
  const date = parse(text.trim(), pattern, new Date(), { locale: fr });
  return isValid(date) && date.getFullYear() >= 1000 ? date : null;
}

export function FrenchDatePicker({
  value,
  withTime = false,
  onChange,
  id,
  placeholder,
  disabled = false,
  invalid = false,
  ref: _ref, // Reflex gives every component with an id a ref: the input keeps its own.
  ...rest
}) {
  const pattern = withTime ? DATETIME_PATTERN : DATE_PATTERN;
  const [text, setText] = useState(value ?? "");
  const current = useRef(text); // the text now shown, for the handlers of one event
  const pending = useRef([]); // texts sent, echo not seen yet (oldest first)

  useEffect(ensurePortal, []);

  useEffect(() => {
    const incoming = value ?? "";
    const index = pending.current.indexOf(incoming);
    if (index >= 0) {
      pending.current.splice(0, index + 1); // our own update coming back
      return;
    }
    pending.current = [];
    current.current = incoming;
    setText(incoming);
  }, [value]);

  const update = (next) => {
    if (next === current.current) return;
    current.current = next;
    setText(next);
    pending.current.push(next);
    if (onChange) onChange(next);
  };

  return (
    <DatePicker
      {...rest}
      id={id}
      value={text}
      selected={parseFrench(text, pattern)}
      onChange={(date) => update(date ? format(date, pattern) : "")}
      onChangeRaw={(event) => {
        // Typing (a pick in the calendar also calls this, with a click event).
        if (event && event.target instanceof HTMLInputElement) update(event.target.value);
      }}
      dateFormat={pattern}
      strictParsing
      locale={fr}
      calendarStartDay={1}
      showTimeSelect={withTime}
      timeFormat="HH:mm"
      timeIntervals={15}
      timeCaption="Heure"
      todayButton="Aujourd'hui"
      placeholderText={placeholder ?? (withTime ? "jj/mm/aaaa hh:mm" : "jj/mm/aaaa")}
      disabled={disabled}
      autoComplete="off"
      showPopperArrow={false}
      popperPlacement="bottom-start"
      portalId={PORTAL_ID}
      wrapperClassName="crm-date-picker"
      calendarClassName="crm-date-calendar"
      popperClassName="crm-date-popper"
      customInput={
        <TextField.Root size="2" color={invalid ? "red" : undefined} aria-invalid={invalid || undefined}>
          <TextField.Slot>
            <CalendarDays size={16} />
          </TextField.Slot>
        </TextField.Root>
      }
    />
  );
}
