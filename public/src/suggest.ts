/**
 * Suggestions for the word being typed in a search box (GET /api/suggest): the corpus's own words
 * as written, in a listbox under the box, by the ARIA 1.2 combobox pattern. ↓/↑ move through
 * them (the box keeps focus, aria-activedescendant names the option), Enter or a click takes one,
 * Escape closes the list; Enter with no option chosen submits the search as before. Self-contained:
 * a view calls `attachSuggestions` on its input once.
 */
import type { SuggestResult, Suggestion } from './api.js';
import { h } from './dom.js';
import { debounce } from './ui.js';

let counter = 0;

export function attachSuggestions(input: HTMLInputElement, onPick: () => void): void {
  const id = `suggestions-${++counter}`;
  const list = h('ul', { id, role: 'listbox', class: 'suggestions', 'aria-label': 'Förslag', hidden: true });
  const status = h('span', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', id);
  // Right after the box, once it is in the page (a view may attach before it builds its form).
  const place = () => {
    if (list.isConnected || !input.parentElement) return;
    input.after(list, status);
  };

  let shown: Suggestion[] = [];
  let active = -1;
  let controller: AbortController | null = null;

  const close = () => {
    shown = [];
    active = -1;
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };
  const mark = (next: number) => {
    active = next;
    for (const [i, li] of [...list.querySelectorAll('[role="option"]')].entries())
      li.setAttribute('aria-selected', String(i === active));
    if (active >= 0) input.setAttribute('aria-activedescendant', `${id}-${active}`);
    else input.removeAttribute('aria-activedescendant');
  };
  const pick = (s: Suggestion) => {
    input.value = s.q;
    close();
    input.focus();
    onPick();
  };
  const show = (suggestions: Suggestion[]) => {
    shown = suggestions;
    active = -1;
    place();
    if (suggestions.length === 0) {
      close();
      return;
    }
    list.replaceChildren(
      ...suggestions.map((s, i) =>
        h(
          'li',
          {
            id: `${id}-${i}`,
            role: 'option',
            'aria-selected': 'false',
            // mousedown, not click: the box keeps its focus.
            onmousedown: (e: Event) => {
              e.preventDefault();
              pick(s);
            },
          },
          s.word,
        ),
      ),
    );
    // Under the box, as wide as it, wherever the search bar wraps it.
    list.style.left = `${input.offsetLeft}px`;
    list.style.top = `${input.offsetTop + input.offsetHeight}px`;
    list.style.width = `${input.offsetWidth}px`;
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    input.removeAttribute('aria-activedescendant');
    status.textContent = `${suggestions.length} förslag, välj med pil upp och ned`;
  };

  const fetchSuggestions = debounce(async () => {
    controller?.abort();
    controller = new AbortController();
    const q = input.value;
    if (!/[\p{L}\p{N}]{2,}$/u.test(q)) {
      close();
      return;
    }
    try {
      const res = await fetch(`/api/suggest?q=${encodeURIComponent(q)}`, { signal: controller.signal });
      if (!res.ok || input.value !== q || document.activeElement !== input) return;
      const body = (await res.json()) as SuggestResult;
      // The word typed in full is no suggestion.
      show(body.suggestions.filter((s) => s.q !== q));
    } catch {
      // Aborted by a newer keystroke, or no answer: no suggestions, the search itself still runs.
    }
  }, 120);

  input.addEventListener('input', () => fetchSuggestions());
  input.addEventListener('keydown', (e) => {
    if (list.hidden) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = shown.length;
      mark(e.key === 'ArrowDown' ? (active + 1) % n : (active - 1 + n) % n);
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      pick(shown[active]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'Tab') close();
  });
  input.addEventListener('blur', () => close());
}
