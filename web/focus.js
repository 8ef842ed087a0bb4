// Keeping the keyboard's place. A button that is disabled (or hidden) while it has focus drops
// the focus to <body>, and the next Tab starts again from the top of the page; these move it
// somewhere that makes sense first.

/** Disables (or enables) a button; if it had focus, the focus goes to `fallback` (an element). */
export function setDisabled(button, disabled, fallback) {
  if (disabled && document.activeElement === button && fallback) fallback.focus({ preventScroll: true });
  button.disabled = disabled;
}

/** Whether the focus is nowhere (on <body>) or inside `container`. */
export function focusIsLostOrIn(container) {
  const a = document.activeElement;
  return !a || a === document.body || container.contains(a);
}

/**
 * Runs `work` with `button` marked busy: aria-disabled (so that it keeps the focus, unlike
 * `disabled`) and clicks ignored until it is done.
 */
export async function whileBusy(button, work) {
  if (button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
  try {
    await work();
  } finally {
    button.removeAttribute('aria-disabled');
  }
}
