/**
 * Ladda upp (admin): send a protocol to POST /api/ingest with the admin key,
 * show the progress and the result with a link to the protocol, or the
 * protocol already indexed when the same file was uploaded before (409).
 * The key lives in memory only (admin.ts): gone when the tab is closed or reloaded.
 */
import { FILE_TYPES } from '../../../domain/file-types.js';
import { adminKey, setAdminKey } from '../admin.js';
import { h } from '../dom.js';
import { link, main } from '../router.js';
import { plural } from '../ui.js';

interface Problem {
  status: number;
  detail?: string;
  protocolId?: string;
  /** The protocol already indexed (409): /api/protocols/<id>. */
  protocolUrl?: string;
}
interface Ingested {
  sourceFile: string;
  status: 'ingested' | 'unchanged';
  items: number;
  pages: number;
  protocolId?: string;
  /** The new protocol (201, also in Location): /api/protocols/<id>. */
  url?: string;
}

/** The protocol's page in the UI, from an API URL such as /api/protocols/<id> (or its id). */
function protocolLink(url: string | null | undefined, id: string | undefined, text: string) {
  const fromUrl = url?.match(/\/api\/protocols\/([^/?#]+)/)?.[1];
  const protocolId = fromUrl ? decodeURIComponent(fromUrl) : id;
  return protocolId ? link({ view: 'protokoll', id: protocolId }, text, { class: 'open-protocol' }) : null;
}

function send(
  file: File,
  onProgress: (fraction: number) => void,
): Promise<{ status: number; body: unknown; location: string | null }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/ingest');
    xhr.setRequestHeader('Authorization', `Bearer ${adminKey()}`);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      resolve({ status: xhr.status, body, location: xhr.getResponseHeader('Location') });
    });
    xhr.addEventListener('error', () => reject(new Error('Kunde inte nå servern. Kontrollera anslutningen.')));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

function outcome(file: File, status: number, body: unknown, location: string | null): HTMLElement {
  if (status === 201 || status === 200) {
    const r = body as Ingested;
    const open = protocolLink(r.url ?? location, r.protocolId, 'Öppna protokollet');
    return h(
      'div',
      { class: 'upload-result ok', role: 'status' },
      h(
        'strong',
        {},
        r.status === 'unchanged' ? `${file.name} var redan inläst och oförändrad. ` : `${file.name} är inläst: `,
      ),
      r.status === 'unchanged'
        ? ''
        : `${plural(r.pages, 'sida', 'sidor')}, ${plural(r.items, 'dagordningspunkt', 'dagordningspunkter')}. `,
      open ?? link({ view: 'sok' }, 'Sök i protokollen'),
    );
  }
  const problem = (body ?? { status }) as Problem;
  if (status === 409) {
    return h(
      'div',
      { class: 'upload-result exists', role: 'status' },
      h('strong', {}, `${file.name} finns redan. `),
      problem.detail ?? 'Samma fil är redan inläst.',
      ' ',
      protocolLink(problem.protocolUrl, problem.protocolId, 'Öppna protokollet som redan finns') ?? '',
    );
  }
  const advice =
    status === 401 || status === 403
      ? ' Kontrollera administrationsnyckeln.'
      : status === 413
        ? ' Filen är för stor.'
        : '';
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('strong', {}, `${file.name} kunde inte läsas in. `),
    problem.detail ?? `Servern svarade ${status}.`,
    advice,
  );
}

export async function renderUpload(_p: URLSearchParams) {
  const key = h('input', {
    type: 'password',
    id: 'admin-key',
    name: 'key',
    autocomplete: 'off',
    value: adminKey(),
    required: true,
  });
  const files = h('input', {
    type: 'file',
    id: 'upload-file',
    name: 'file',
    accept: FILE_TYPES.flatMap((t) => [t.extension, t.mediaType]).join(','),
    multiple: true,
    required: true,
  });
  const log = h('ol', { class: 'uploads', 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'upload-form',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        setAdminKey(key.value);
        for (const file of [...(files.files ?? [])]) {
          const bar = h('progress', { max: 1, value: 0, 'aria-label': `Skickar ${file.name}` });
          const row = h('li', {}, h('span', {}, `${file.name}: skickas… `), bar);
          log.prepend(row);
          try {
            const { status, body, location } = await send(file, (f) => {
              bar.value = f;
              if (f >= 1) row.firstElementChild!.textContent = `${file.name}: läses in… `;
            });
            row.replaceChildren(outcome(file, status, body, location));
          } catch (error) {
            row.replaceChildren(
              h('div', { class: 'error', role: 'alert' }, `${file.name}: ${(error as Error).message}`),
            );
          }
        }
        files.value = '';
      },
    },
    h(
      'p',
      {},
      'Ladda upp protokoll (PDF, Word .docx, OpenDocument .odt, .txt eller .md). De blir sökbara inom några sekunder. Samma fil två gånger läses bara in en gång.',
    ),
    h('label', { for: 'admin-key' }, 'Administrationsnyckel'),
    key,
    h(
      'small',
      { class: 'hint' },
      'Nyckeln sparas bara i den här fliken och glöms när du stänger eller laddar om sidan.',
    ),
    h('label', { for: 'upload-file' }, 'Filer'),
    files,
    h('button', { type: 'submit' }, 'Ladda upp'),
  );
  main.replaceChildren(h('h1', {}, 'Ladda upp protokoll'), form, log);
}
