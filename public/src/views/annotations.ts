/**
 * The events (annotations) under a trend chart, numbered as on the chart, and,
 * for an admin who has entered the key (on Ladda upp), a form to add, change
 * and remove them through /api/annotations.
 */
import { adminKey, setAdminKey } from '../admin.js';
import type { Trends } from '../api.js';
import { formatDate, h } from '../dom.js';

type Annotation = Trends['annotations'][number];

/** Sends an admin write; resolves with the API's Swedish detail on failure. */
async function write(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<string | null> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${adminKey()}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    return 'Kunde inte nå servern. Kontrollera anslutningen.';
  }
  if (res.ok) return null;
  try {
    const problem = (await res.json()) as { detail?: string };
    return problem.detail ?? `Servern svarade ${res.status}.`;
  } catch {
    return `Servern svarade ${res.status}.`;
  }
}

/** A form for one event: empty to add, filled to change. */
function annotationForm(topics: readonly string[], done: () => void, existing?: Annotation): HTMLFormElement {
  const field = (name: string, label: string, attrs: Record<string, string | boolean>) =>
    h('label', {}, label, h('input', { name, ...attrs }));
  const status = h('p', { class: 'status', role: 'status' });
  const form = h(
    'form',
    {
      class: 'annotation-form',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const data = new FormData(form);
        const text = (k: string) => String(data.get(k) ?? '').trim();
        status.textContent = 'Sparar…';
        const error = await write(existing ? 'PUT' : 'POST', `/api/annotations${existing ? `/${existing.id}` : ''}`, {
          date: text('date'),
          ...(text('end') ? { end: text('end') } : {}),
          label: text('label'),
          description: text('description'),
          topics: data.getAll('topics').map(String),
          bodies: text('bodies')
            .split(',')
            .map((b) => b.trim())
            .filter(Boolean),
        });
        if (error) status.textContent = error;
        else done();
      },
    },
    h('legend', {}, existing ? 'Ändra händelsen' : 'Lägg till en händelse'),
    field('date', 'Datum', { type: 'date', required: true, value: existing?.date ?? '' }),
    field('end', 'Till och med (för en period)', { type: 'date', value: existing?.end ?? '' }),
    field('label', 'Rubrik', { type: 'text', required: true, maxlength: '120', value: existing?.label ?? '' }),
    h(
      'label',
      {},
      'Beskrivning',
      h('textarea', { name: 'description', rows: 2, maxlength: 2000 }, existing?.description ?? ''),
    ),
    h(
      'fieldset',
      { class: 'annotation-topics' },
      h('legend', {}, 'Gäller ämnena (inget: alla)'),
      topics.map((t) =>
        h(
          'label',
          { class: 'facet' },
          h('input', { type: 'checkbox', name: 'topics', value: t, checked: !!existing?.topics.includes(t) }),
          ` ${t}`,
        ),
      ),
    ),
    field('bodies', 'Gäller organen (kommaseparerade; tomt: alla)', {
      type: 'text',
      value: existing?.bodies.join(', ') ?? '',
    }),
    h('button', { type: 'submit' }, existing ? 'Spara ändringen' : 'Lägg till'),
    status,
  );
  return form;
}

/**
 * The numbered list of events under the chart; with the admin key, buttons to change and remove
 * each and a form to add one. `changed` re-renders the view after a write.
 */
export function annotationsBox(annotations: readonly Annotation[], topics: readonly string[], changed: () => void) {
  const admin = adminKey() !== '';
  const box = h('section', { class: 'annotations', 'aria-label': 'Händelser i diagrammet' });
  const editorSlot = h('div', { class: 'annotation-editor' });
  const items = annotations.map((a, i) => {
    const remove = async () => {
      if (!window.confirm(`Ta bort händelsen "${a.label}"?`)) return;
      const error = await write('DELETE', `/api/annotations/${a.id}`);
      if (error) window.alert(error);
      else changed();
    };
    return h(
      'li',
      { class: 'annotation', value: i + 1 },
      h('strong', {}, a.label),
      ` – ${formatDate(a.date)}${a.end ? ` till ${formatDate(a.end)}` : ''}`,
      a.description ? h('span', { class: 'annotation-description' }, `. ${a.description}`) : null,
      a.topics.length || a.bodies.length ? h('small', {}, ` (gäller ${[...a.topics, ...a.bodies].join(', ')})`) : null,
      admin
        ? h(
            'span',
            { class: 'annotation-actions' },
            ' ',
            h(
              'button',
              {
                type: 'button',
                onclick: () => editorSlot.replaceChildren(annotationForm(topics, changed, a)),
              },
              'Ändra',
            ),
            ' ',
            h('button', { type: 'button', onclick: () => void remove() }, 'Ta bort'),
          )
        : null,
    );
  });
  box.append(
    h('h2', {}, 'Händelser'),
    annotations.length
      ? h('ol', { class: 'annotation-list' }, items)
      : h('p', { class: 'hint' }, 'Inga händelser är markerade för de här ämnena och åren.'),
  );
  if (admin) {
    box.append(
      h(
        'button',
        { type: 'button', onclick: () => editorSlot.replaceChildren(annotationForm(topics, changed)) },
        'Lägg till händelse',
      ),
      editorSlot,
    );
  } else {
    // The key as on Ladda upp: held in this tab's memory only.
    const key = h('input', { type: 'password', id: 'annotation-key', autocomplete: 'off', required: true });
    box.append(
      h(
        'details',
        { class: 'annotation-login' },
        h('summary', {}, 'Lägga till händelser (administratörer)'),
        h(
          'form',
          {
            onsubmit: (e: Event) => {
              e.preventDefault();
              setAdminKey(key.value);
              changed();
            },
          },
          h('label', { for: 'annotation-key' }, 'Administrationsnyckel'),
          ' ',
          key,
          ' ',
          h('button', { type: 'submit' }, 'Fortsätt'),
          h('small', { class: 'hint' }, ' Nyckeln sparas bara i den här fliken.'),
        ),
      ),
    );
  }
  return box;
}
