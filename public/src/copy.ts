/** Copying text for the user: the clipboard where the browser allows it, else the text selected to copy by hand. */
import { h } from './dom.js';

/** Puts `text` on the clipboard; false when the browser refused (plain http on another host, no permission). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // refused: try the old way
  }
  const area = h('textarea', { readonly: true, class: 'copy-buffer', 'aria-hidden': 'true' });
  area.value = text;
  document.body.append(area);
  area.select();
  let done = false;
  try {
    done = document.execCommand('copy');
  } catch {
    done = false;
  }
  area.remove();
  return done;
}

/**
 * A "Kopiera citat" button: copies what `text()` gives and says so beside it
 * (or shows the text to copy by hand when the browser refuses).
 */
export function copyButton(label: string, text: () => string, attrs: Record<string, string> = {}): HTMLElement {
  const status = h('span', { class: 'copy-status', 'aria-live': 'polite' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'link-button copy',
      ...attrs,
      onclick: async () => {
        const value = text();
        status.textContent = (await copyText(value)) ? ' Kopierat.' : '';
        if (!status.textContent) status.replaceChildren(' Markera och kopiera: ', h('q', {}, value));
      },
    },
    label,
  );
  return h('span', { class: 'copy-wrap' }, button, status);
}
