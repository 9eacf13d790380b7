// A text area whose text is also kept in the browser's localStorage under
// ``draftKey`` until the server says it is saved (``savedSignal`` changes): what
// a technician typed survives a lost connection and a page reload. Wrapped for
// Reflex by crm_app/core/ui/draft_text.py (same technique as date_picker.jsx).
//
// On mount, a draft found in localStorage wins over the server's value (it is
// newer: it was never saved) and is sent to the server at once.
import { useEffect, useRef, useState } from "react";
import { TextArea } from "@radix-ui/themes";

function readDraft(key) {
  try {
    return window.localStorage.getItem(key);
  } catch (e) {
    return null;
  }
}

function writeDraft(key, text) {
  try {
    if (text) window.localStorage.setItem(key, text);
    else window.localStorage.removeItem(key);
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
  const restored = useRef(false);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    if (!draftKey || restored.current) return;
    restored.current = true;
    const draft = readDraft(draftKey);
    if (draft && draft !== value) {
      setText(draft);
      onChangeRef.current?.(draft);
    }
  }, [draftKey]);

  useEffect(() => {
    if (value !== undefined && value !== null && value !== text && !readDraft(draftKey)) {
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (savedSignal && draftKey) writeDraft(draftKey, "");
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
