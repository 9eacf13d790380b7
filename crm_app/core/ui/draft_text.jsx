// A text area whose text is also kept in the browser's localStorage under
// ``draftKey`` until the server says it is saved (``savedSignal`` changes): what
// a technician typed survives a lost connection and a page reload. Wrapped for
// Reflex by crm_app/core/ui/draft_text.py (same technique as date_picker.jsx).
//
// While a draft is kept, it wins over the server's value (it is newer: it was
// never saved) and is sent again whenever the server shows something else —
// on mount, and when the page's load (which may run after the mount) resets
// the field — until the server has it.
import { useEffect, useRef, useState } from "react";
import { TextArea } from "@radix-ui/themes";

function readDraft(key) {
  try {
    return window.localStorage.getItem(key);
  } catch (e) {
    return null;
  }
}

// An emptied field is a draft too ("" kept), until the server says it is saved.
function writeDraft(key, text) {
  try {
    if (text === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, text);
  } catch (e) {
    // Private browsing or a full storage: the server still gets the text.
  }
}

export function DraftTextArea({
  draftKey,
  value,
  onChange,
  savedSignal = 0,
  rows = 6,
  placeholder,
  invalid = false,
  id,
  ref: _ref, // Reflex gives every component with an id a ref: the area keeps its own.
}) {
  const [text, setText] = useState(value ?? "");
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const draft = draftKey ? readDraft(draftKey) : null;
    if (draft !== null) {
      setText(draft);
      if (draft !== (value ?? "")) onChangeRef.current?.(draft);
      return;
    }
    if (value !== undefined && value !== null) setText(value);
  }, [value, draftKey]);

  useEffect(() => {
    if (savedSignal && draftKey) writeDraft(draftKey, null);
  }, [savedSignal]);

  return (
    <TextArea
      id={id}
      value={text}
      rows={rows}
      placeholder={placeholder}
      color={invalid ? "red" : undefined}
      style={{ width: "100%" }}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        writeDraft(draftKey, next);
        onChangeRef.current?.(next);
      }}
    />
  );
}
