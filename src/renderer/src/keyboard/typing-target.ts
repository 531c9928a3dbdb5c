/** Inputs that take keys as text; a ticked checkbox or a button keeps the screen's shortcuts working. */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether a key press belongs to a text field, a modifier chord or an open dialog rather than to a screen's shortcuts. */
export function isTypingOrModal(e: KeyboardEvent): boolean {
  if (e.metaKey || e.ctrlKey || e.altKey) return true;
  const t = e.target;
  if (t instanceof HTMLElement) {
    if (t.isContentEditable || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
    if (t instanceof HTMLInputElement && !NON_TEXT_INPUTS.has(t.type)) return true;
  }
  return document.querySelector('[role="dialog"][aria-modal="true"]') !== null;
}
