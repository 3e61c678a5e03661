/**
 * Keyboard focus across re-renders, for every view alike (the router calls
 * these around each render; views need not know). A view that rebuilds its
 * controls after a filter change (a facet checkbox, a trend topic, a select)
 * used to drop focus to the page body, so a keyboard user tabbed through the
 * whole form again after every choice. Here the focused control is described
 * before the render and, when the render has taken it away, its equivalent is
 * focused again: the same id, the same checkbox (name and value), the same
 * field by name, the same button by its label, or the one at the same place
 * in its list.
 *
 * Selects: stepping through a closed select with the arrow keys fires
 * `change` at every step, and the views apply a change at once (a new URL, a
 * re-render). Those changes are held back here until the user settles on one:
 * Enter, or leaving the select (WCAG 3.2.2: a setting changed by input does
 * not change the context by itself); a choice made with the mouse or in the
 * open list applies at once, as before.
 */

/** What identifies the focused control well enough to find its equivalent after a re-render. */
export interface FocusMemory {
  view: string;
  id: string;
  tag: string;
  name: string | null;
  type: string | null;
  value: string | null;
  label: string;
  /** Its classes, and its position among the elements with the same ones (a chip in the chip list). */
  classes: string;
  index: number;
}

const labelOf = (el: Element) => (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();

const sameClasses = (root: ParentNode, el: Element) =>
  el.classList.length
    ? [...root.querySelectorAll(`${el.tagName.toLowerCase()}.${[...el.classList].map(CSS.escape).join('.')}`)]
    : [];

/** The focused control inside `root`, described; null when focus is elsewhere (the nav, the body). */
export function rememberFocus(root: HTMLElement, view: string): FocusMemory | null {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement) || el === root || !root.contains(el)) return null;
  const field = el as HTMLElement & { name?: string; type?: string; value?: string };
  return {
    view,
    id: el.id,
    tag: el.tagName.toLowerCase(),
    name: typeof field.name === 'string' && field.name ? field.name : null,
    type: typeof field.type === 'string' ? field.type : null,
    value: typeof field.value === 'string' ? field.value : null,
    label: labelOf(el),
    classes: [...el.classList].join(' '),
    index: sameClasses(root, el).indexOf(el),
  };
}

/** The control in `root` that stands where `memory`'s stood, or null. */
export function equivalent(root: HTMLElement, memory: FocusMemory): HTMLElement | null {
  const all = (selector: string) => [...root.querySelectorAll<HTMLElement>(selector)];
  if (memory.id) {
    const byId = document.getElementById(memory.id);
    if (byId && root.contains(byId)) return byId;
  }
  if (memory.name) {
    const named = all(`${memory.tag}[name="${CSS.escape(memory.name)}"]`);
    const checkable = memory.type === 'checkbox' || memory.type === 'radio';
    const found = checkable ? named.find((e) => (e as HTMLInputElement).value === memory.value) : named[0];
    if (found) return found;
  }
  if (memory.label) {
    const labelled = all(memory.tag).find((e) => labelOf(e) === memory.label);
    if (labelled) return labelled;
  }
  if (memory.classes && memory.index >= 0) {
    // The same place in its list: after a removed chip, the chip that took its place (or the last one).
    const selector = `${memory.tag}.${memory.classes.split(' ').map(CSS.escape).join('.')}`;
    const list = all(selector);
    const same = list[Math.min(memory.index, list.length - 1)];
    if (same) return same;
  }
  return null;
}

/**
 * After a render: when focus was inside `root` and the render took it away, the equivalent
 * control gets it back (the same view), or `root` itself (another view, or nothing equivalent
 * left), so the next Tab continues from the content rather than from the top of the page.
 */
export function restoreFocus(root: HTMLElement, memory: FocusMemory | null, view: string): void {
  if (!memory) return;
  const now = document.activeElement;
  if (now instanceof HTMLElement && now !== document.body && now.isConnected && now !== root) return;
  const target = memory.view === view ? equivalent(root, memory) : null;
  if (target) target.focus({ preventScroll: true });
  else {
    if (!root.hasAttribute('tabindex')) root.setAttribute('tabindex', '-1');
    root.focus({ preventScroll: true });
  }
}

const STEP_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End']);

/** Holds back the `change` events of a closed select stepped through by keyboard until the user settles. */
export function holdSelectSteps(doc: Document = document): void {
  let stepping: HTMLSelectElement | null = null;
  let held: HTMLSelectElement | null = null;
  let replaying = false;
  const apply = () => {
    const select = held;
    held = null;
    stepping = null;
    if (!select?.isConnected) return;
    replaying = true;
    try {
      select.dispatchEvent(new Event('change', { bubbles: true }));
    } finally {
      replaying = false;
    }
  };
  doc.addEventListener(
    'keydown',
    (e) => {
      const target = e.target;
      if (!(target instanceof HTMLSelectElement)) return;
      if (STEP_KEYS.has(e.key) && !e.altKey) stepping = target;
      else if (e.key === 'Enter' && held === target) apply();
    },
    true,
  );
  doc.addEventListener(
    'change',
    (e) => {
      if (replaying || e.target !== stepping) return;
      // Not for the view yet: it would re-render at every step.
      e.stopImmediatePropagation();
      held = stepping;
    },
    true,
  );
  doc.addEventListener('focusout', (e) => {
    // After the focus has moved on, so the re-render gives it back to where it went (the next control).
    if (held && e.target === held) window.setTimeout(apply, 0);
  });
  doc.addEventListener(
    'mousedown',
    () => {
      stepping = null;
    },
    true,
  );
}
