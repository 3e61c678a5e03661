/**
 * Ämnen: the living taxonomy for analysts. Every topic with its terms, weak
 * terms, noun terms, abbreviations and exclusions; add and remove entries, add a
 * topic, and see before saving how many agenda items each topic would gain and
 * lose (POST /api/taxonomy/dry-run, after every change). Saving (PUT, with the
 * version edited as If-Match) re-tags the corpus at once; the history lists every
 * version with what changed and restores an older one. Editing needs the admin
 * key (held in memory only, admin.ts); reading does not.
 */
import type { Taxonomy, Topic } from '../../../domain/taxonomy.js';
import { adminKey, setAdminKey } from '../admin.js';
import {
  api,
  ApiError,
  type DryRunAnswer,
  type HistoryEntry,
  type Problem,
  type SaveAnswer,
  type TaxonomyAnswer,
} from '../api.js';
import { formatDate, h } from '../dom.js';
import { announce, go, main, state } from '../router.js';
import { debounce, num, plural } from '../ui.js';

type ListField = 'terms' | 'weakTerms' | 'nounTerms' | 'abbreviations' | 'exclusions';

const LISTS: { field: ListField; label: string; hint: string }[] = [
  { field: 'terms', label: 'Termer', hint: 'Ett omnämnande i texten räcker.' },
  {
    field: 'weakTerms',
    label: 'Stödord',
    hint: 'Vardagsord med flera betydelser: räknas bara upprepade, i rubriken eller i ett beslut.',
  },
  {
    field: 'nounTerms',
    label: 'Substantivord',
    hint: 'Räknas bara som substantiv: ”bland äldre”, ”äldre personer” – inte ”äldre handlingar”.',
  },
  { field: 'abbreviations', label: 'Förkortningar', hint: 'Som de skrivs, t.ex. BUP. Räknas som stödord.' },
  { field: 'exclusions', label: 'Undantag', hint: 'Fraser som aldrig räknas, t.ex. ”digitalt möte”.' },
];

const SOURCE: Record<HistoryEntry['source'], string> = {
  file: 'från filen domain/taxonomy.json',
  api: 'sparad i tjänsten',
  restore: 'återställd',
};

const time = (iso: string) =>
  `${formatDate(iso.slice(0, 10))} ${new Date(iso).toLocaleTimeString('sv-SE', { hour: '2-digit', minute: '2-digit' })}`;

/** Sends JSON with the admin key; Swedish problem details become ApiErrors. */
async function send<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${adminKey()}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'Kunde inte nå servern. Kontrollera anslutningen.');
  }
  const json: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    const problem = json as Partial<Problem>;
    throw new ApiError(res.status, problem.detail ?? `Servern svarade ${res.status}.`, problem.param ?? null);
  }
  return json as T;
}

const keyAdvice = (e: ApiError) =>
  e.status === 401 || e.status === 403 ? `${e.detail} Ange administrationsnyckeln ovan.` : e.detail;

/** A topic id from its label: "Psykisk hälsa" → "psykisk-halsa". */
const slug = (label: string) =>
  label
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

export async function renderTaxonomy(_p: URLSearchParams) {
  main.replaceChildren(h('h1', {}, 'Ämnen'), h('p', { class: 'status' }, 'Hämtar taxonomin…'));
  let loaded: TaxonomyAnswer;
  let history: HistoryEntry[];
  try {
    [loaded, { versions: history }] = await Promise.all([
      api<TaxonomyAnswer>('/api/taxonomy'),
      api<{ versions: HistoryEntry[] }>('/api/taxonomy/history'),
    ]);
  } catch (error) {
    main.replaceChildren(h('h1', {}, 'Ämnen'), h('div', { class: 'error', role: 'alert' }, (error as Error).message));
    return;
  }
  const draft: Taxonomy = structuredClone(loaded.taxonomy);
  const open = new Set<string>(state().getAll('amne'));

  const editor = h('div', { class: 'taxonomy-topics' });
  const effect = h('section', { class: 'taxonomy-effect', 'aria-live': 'polite', 'aria-labelledby': 'effect-h' });
  const saveStatus = h('div', { class: 'taxonomy-save-status', 'aria-live': 'polite' });
  const note = h('input', { type: 'text', id: 'taxonomy-note', maxlength: 500, placeholder: 'Vad och varför' });
  const key = h('input', { type: 'password', id: 'admin-key', autocomplete: 'off', value: adminKey() });
  const saveButton = h('button', { type: 'button', class: 'taxonomy-save', disabled: true }, 'Spara och tagga om');
  const undoButton = h('button', { type: 'button', class: 'link-button', disabled: true }, 'Ångra ändringarna');

  const dirty = () => JSON.stringify(draft) !== JSON.stringify(loaded.taxonomy);

  let runs = 0;
  const showEffect = async () => {
    const run = ++runs;
    saveButton.disabled = !dirty();
    undoButton.disabled = !dirty();
    if (!dirty()) {
      effect.replaceChildren(
        h('h2', { id: 'effect-h' }, 'Effekt innan du sparar'),
        h(
          'p',
          { class: 'hint' },
          'Inga ändringar ännu. Lägg till eller ta bort ord så visas här hur många dagordningspunkter varje ämne vinner och förlorar.',
        ),
      );
      return;
    }
    if (!adminKey()) {
      effect.replaceChildren(
        h('h2', { id: 'effect-h' }, 'Effekt innan du sparar'),
        h('p', { class: 'hint' }, 'Ange administrationsnyckeln för att se effekten och spara.'),
      );
      return;
    }
    effect.replaceChildren(
      h('h2', { id: 'effect-h' }, 'Effekt innan du sparar'),
      h('p', { class: 'status' }, 'Räknar…'),
    );
    try {
      const dry = await send<DryRunAnswer>('POST', '/api/taxonomy/dry-run', draft);
      if (run !== runs) return;
      effect.replaceChildren(h('h2', { id: 'effect-h' }, 'Effekt innan du sparar'), effectTable(dry));
    } catch (error) {
      if (run !== runs) return;
      const e = error as ApiError;
      effect.replaceChildren(
        h('h2', { id: 'effect-h' }, 'Effekt innan du sparar'),
        h('div', { class: 'error', role: 'alert' }, keyAdvice(e)),
      );
    }
  };
  const changed = debounce(() => void showEffect(), 350);
  const edit = () => {
    renderTopics();
    saveButton.disabled = !dirty();
    undoButton.disabled = !dirty();
    changed();
  };

  function listEditor(topic: Topic, field: ListField, label: string, hint: string) {
    const entries = topic[field];
    const input = h('input', {
      type: 'text',
      class: 'taxonomy-add-input',
      'aria-label': `Ny post i ${label.toLowerCase()} för ${topic.label}`,
      'data-field': field,
    });
    const add = () => {
      const value = input.value.trim();
      if (!value || entries.includes(value)) return;
      entries.push(value);
      edit();
      // Keep typing into the same list.
      main.querySelector<HTMLInputElement>(`[data-topic="${topic.id}"] input[data-field="${field}"]`)?.focus();
    };
    return h(
      'div',
      { class: 'taxonomy-list', 'data-field': field },
      h('h4', {}, label, ' ', h('small', { class: 'hint' }, hint)),
      h(
        'ul',
        { class: 'chips' },
        entries.map((entry, i) =>
          h(
            'li',
            { class: 'chip taxonomy-entry' },
            entry,
            h(
              'button',
              {
                type: 'button',
                class: 'remove',
                'aria-label': `Ta bort ”${entry}” ur ${label.toLowerCase()} för ${topic.label}`,
                onclick: () => {
                  entries.splice(i, 1);
                  edit();
                },
              },
              '×',
            ),
          ),
        ),
      ),
      h(
        'form',
        {
          class: 'taxonomy-add',
          onsubmit: (e: Event) => {
            e.preventDefault();
            add();
          },
        },
        input,
        h('button', { type: 'submit' }, 'Lägg till'),
      ),
    );
  }

  function renderTopics() {
    editor.replaceChildren(
      ...draft.topics.map((topic) => {
        const before = loaded.taxonomy.topics.find((t) => t.id === topic.id);
        const changedTopic = JSON.stringify(before) !== JSON.stringify(topic);
        const details = h(
          'details',
          { class: 'taxonomy-topic', 'data-topic': topic.id, open: open.has(topic.id) },
          h(
            'summary',
            {},
            h('span', { class: 'taxonomy-label' }, topic.label),
            ' ',
            h(
              'small',
              { class: 'hint' },
              plural(topic.terms.length + topic.weakTerms.length + topic.nounTerms.length, 'ord', 'ord'),
            ),
            !before
              ? h('span', { class: 'badge' }, 'nytt')
              : changedTopic
                ? h('span', { class: 'badge' }, 'ändrat')
                : null,
          ),
          h('p', { class: 'taxonomy-description' }, topic.description),
          LISTS.map((l) => listEditor(topic, l.field, l.label, l.hint)),
        );
        details.addEventListener('toggle', () => {
          if (details.open) open.add(topic.id);
          else open.delete(topic.id);
        });
        return details;
      }),
    );
  }

  function effectTable(dry: DryRunAnswer) {
    const rows = dry.topics.filter((t) => t.gained > 0 || t.lost > 0);
    return h(
      'div',
      {},
      h(
        'ul',
        { class: 'taxonomy-changes' },
        dry.changes.map((c) => h('li', {}, c)),
      ),
      rows.length === 0
        ? h('p', {}, `Ingen av de ${num(dry.items)} dagordningspunkterna får andra ämnen.`)
        : h(
            'table',
            { class: 'taxonomy-effect-table' },
            h(
              'caption',
              {},
              `Jämfört med version ${dry.version}, över ${plural(dry.items, 'dagordningspunkt', 'dagordningspunkter')}`,
            ),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, 'Ämne'),
                h('th', { scope: 'col' }, 'Nu'),
                h('th', { scope: 'col' }, 'Efter'),
                h('th', { scope: 'col' }, 'Vinner'),
                h('th', { scope: 'col' }, 'Förlorar'),
              ),
            ),
            h(
              'tbody',
              {},
              rows.map((t) =>
                h(
                  'tr',
                  { 'data-topic': t.id },
                  h('th', { scope: 'row' }, t.label),
                  h('td', {}, num(t.before)),
                  h('td', {}, num(t.after)),
                  h('td', { class: t.gained ? 'gain' : '' }, t.gained ? `+${num(t.gained)}` : '0'),
                  h('td', { class: t.lost ? 'loss' : '' }, t.lost ? `−${num(t.lost)}` : '0'),
                ),
              ),
            ),
          ),
    );
  }

  const newLabel = h('input', { type: 'text', id: 'new-topic-label', required: true });
  const newDescription = h('input', { type: 'text', id: 'new-topic-description' });
  const newTerm = h('input', { type: 'text', id: 'new-topic-term', required: true });
  const newTopic = h(
    'form',
    {
      class: 'taxonomy-new',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const label = newLabel.value.trim();
        const id = slug(label);
        if (!id || draft.topics.some((t) => t.id === id || t.label.toLowerCase() === label.toLowerCase())) {
          saveStatus.replaceChildren(
            h('div', { class: 'error', role: 'alert' }, `Ämnet ”${label}” finns redan eller saknar namn.`),
          );
          return;
        }
        draft.topics.push({
          id,
          label,
          description: newDescription.value.trim(),
          terms: [newTerm.value.trim()],
          weakTerms: [],
          nounTerms: [],
          abbreviations: [],
          exclusions: [],
        });
        open.add(id);
        newLabel.value = '';
        newDescription.value = '';
        newTerm.value = '';
        edit();
      },
    },
    h('h3', {}, 'Nytt ämne'),
    h('label', { for: 'new-topic-label' }, 'Namn (visas i filter och trender)'),
    newLabel,
    h('label', { for: 'new-topic-description' }, 'Beskrivning'),
    newDescription,
    h('label', { for: 'new-topic-term' }, 'Första termen'),
    newTerm,
    h('button', { type: 'submit' }, 'Lägg till ämnet'),
  );

  saveButton.addEventListener('click', async () => {
    setAdminKey(key.value);
    saveButton.disabled = true;
    saveStatus.replaceChildren(h('p', { class: 'status' }, 'Sparar och taggar om…'));
    try {
      const saved = await send<SaveAnswer>(
        'PUT',
        `/api/taxonomy${note.value.trim() ? `?note=${encodeURIComponent(note.value.trim())}` : ''}`,
        draft,
        { 'if-match': `"${loaded.version}"` },
      );
      announce(
        `Version ${saved.version} är sparad. ${plural(saved.retag.changed, 'dagordningspunkt', 'dagordningspunkter')} fick andra ämnen (${saved.retag.seconds.toFixed(1).replace('.', ',')} s).`,
      );
      go(state(), 'replace');
    } catch (error) {
      const e = error as ApiError;
      saveButton.disabled = false;
      saveStatus.replaceChildren(
        h(
          'div',
          { class: 'error', role: 'alert' },
          h('strong', {}, 'Taxonomin sparades inte. '),
          keyAdvice(e).replace(/^Taxonomin sparades inte\. /, ''),
          e.status === 409
            ? h('button', { type: 'button', class: 'link-button', onclick: () => go(state(), 'replace') }, ' Ladda om')
            : null,
        ),
      );
    }
  });
  undoButton.addEventListener('click', () => {
    Object.assign(draft, structuredClone(loaded.taxonomy));
    edit();
  });
  key.addEventListener('change', () => {
    setAdminKey(key.value);
    changed();
  });

  const restore = async (version: number) => {
    if (!window.confirm(`Återställa version ${version}? Den sparas som en ny version och korpusen taggas om.`)) return;
    setAdminKey(key.value);
    try {
      const saved = await send<SaveAnswer>('POST', `/api/taxonomy/restore/${version}`);
      announce(
        `Version ${version} är återställd som version ${saved.version}; ${plural(saved.retag.changed, 'dagordningspunkt', 'dagordningspunkter')} fick andra ämnen.`,
      );
      go(state(), 'replace');
    } catch (error) {
      saveStatus.replaceChildren(h('div', { class: 'error', role: 'alert' }, keyAdvice(error as ApiError)));
    }
  };

  const historyList = h(
    'ol',
    { class: 'taxonomy-history', reversed: true },
    history.map((v) =>
      h(
        'li',
        { 'data-version': v.version },
        h('strong', {}, `Version ${v.version}`),
        ` · ${time(v.savedAt)} · ${SOURCE[v.source]}${v.restoredFrom ? ` från version ${v.restoredFrom}` : ''}`,
        v.note ? h('q', { class: 'taxonomy-note' }, v.note) : null,
        v.changes.length
          ? h(
              'ul',
              {},
              v.changes.slice(0, 12).map((c) => h('li', {}, c)),
            )
          : null,
        v.version === loaded.version
          ? h('span', { class: 'badge' }, 'används')
          : h(
              'button',
              { type: 'button', class: 'link-button', onclick: () => void restore(v.version) },
              `Återställ version ${v.version}`,
            ),
      ),
    ),
  );

  renderTopics();
  main.replaceChildren(
    h('h1', {}, 'Ämnen'),
    h(
      'div',
      { class: 'taxonomy-version' },
      `Version ${loaded.version}, ${SOURCE[loaded.source]} ${time(loaded.savedAt)}. `,
      'Ändringar taggar om alla protokoll direkt, utan att filerna läses om.',
    ),
    h(
      'div',
      {},
      loaded.fileDiffers
        ? h(
            'p',
            { class: 'notice' },
            'Filen domain/taxonomy.json har ändrats sedan den lästes in, men versionen här har redigerats av analytiker och gäller.',
          )
        : null,
    ),
    h(
      'div',
      { class: 'taxonomy-layout' },
      h('div', {}, editor, newTopic),
      h(
        'aside',
        { class: 'taxonomy-side' },
        h('label', { for: 'admin-key' }, 'Administrationsnyckel'),
        key,
        h('small', { class: 'hint' }, 'Behövs för att se effekten och spara. Glöms när fliken stängs.'),
        effect,
        h('label', { for: 'taxonomy-note' }, 'Anteckning till versionen'),
        note,
        h('div', { class: 'admin-actions' }, saveButton, undoButton),
        saveStatus,
        h('h2', {}, 'Historik'),
        historyList,
      ),
    ),
  );
  void showEffect();
}
