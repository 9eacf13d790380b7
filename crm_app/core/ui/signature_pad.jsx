// A signature drawn with the finger, the pen or the mouse, on signature_pad
// (MIT, szimek), wrapped for Reflex by crm_app/core/ui/signature_pad.py (the
// same technique as date_picker.jsx).
//
// After each stroke the drawing is sent as a PNG data URL (transparent
// background); an empty pad sends "". Changing ``clearSignal`` clears it. The
// canvas follows its box's width and the screen's pixel density, so the
// strokes stay sharp on a phone. With ``draftKey``, the strokes are also kept
// in localStorage until cleared (a reload or a lost connection before
// « Enregistrer » does not make the customer sign again).
import { useEffect, useRef } from "react";
import SignaturePad from "signature_pad";

export function SignatureCanvas({
  onChange,
  clearSignal = 0,
  height = 180,
  disabled = false,
  draftKey,
  serverHasDrawing = false,
  id,
  ref: _ref, // Reflex gives every component with an id a ref: the canvas keeps its own.
}) {
  const canvasRef = useRef(null);
  const padRef = useRef(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const sendRef = useRef(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const pad = new SignaturePad(canvas, { penColor: "#1a1a1a", minWidth: 0.8, maxWidth: 2.6 });
    padRef.current = pad;
    const send = () => {
      const empty = pad.isEmpty();
      if (draftKey) {
        try {
          if (empty) window.localStorage.removeItem(draftKey);
          else window.localStorage.setItem(draftKey, JSON.stringify(pad.toData()));
        } catch (e) {
          // Private browsing or a full storage: the server still gets the drawing.
        }
      }
      onChangeRef.current?.(empty ? "" : pad.toDataURL("image/png"));
    };
    pad.addEventListener("endStroke", send);
    sendRef.current = send;
    const resize = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const kept = pad.isEmpty() ? null : pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d").scale(ratio, ratio);
      pad.clear();
      if (kept) pad.fromData(kept);
    };
    resize();
    if (draftKey) {
      try {
        const kept = window.localStorage.getItem(draftKey);
        if (kept) {
          pad.fromData(JSON.parse(kept));
          send();
        }
      } catch (e) {
        // A damaged draft: the customer signs again.
      }
    }
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      pad.removeEventListener("endStroke", send);
      pad.off();
    };
  }, [draftKey]);

  useEffect(() => {
    if (padRef.current && clearSignal) {
      padRef.current.clear();
      if (draftKey) {
        try {
          window.localStorage.removeItem(draftKey);
        } catch (e) {
          // Nothing kept.
        }
      }
      onChangeRef.current?.("");
    }
  }, [clearSignal]);

  // The page's load may reset the server's copy after a kept drawing was
  // restored: send it again while the pad shows strokes the server lacks.
  useEffect(() => {
    if (!serverHasDrawing && padRef.current && !padRef.current.isEmpty()) sendRef.current?.();
  }, [serverHasDrawing]);

  useEffect(() => {
    if (!padRef.current) return;
    if (disabled) padRef.current.off();
    else padRef.current.on();
  }, [disabled]);

  return (
    <canvas
      ref={canvasRef}
      id={id}
      aria-label="Zone de signature"
      style={{
        width: "100%",
        height: `${height}px`,
        border: "1px dashed var(--gray-8)",
        borderRadius: "var(--radius-3)",
        background: "white",
        touchAction: "none",
        display: "block",
      }}
    />
  );
}
