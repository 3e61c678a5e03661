/** The marker on an item of a kallelse or föredragningslista: what it says is proposed, not decided. */
import { isAgendaType } from '../../domain/doc-types.js';
import { h } from './dom.js';

export function agendaBadge(p: { docType?: string | null }): HTMLElement | null {
  if (!isAgendaType(p.docType)) return null;
  return h(
    'span',
    {
      class: 'badge agenda',
      title: 'Ur handlingarna före mötet: förslag, inte beslut. Mötets protokoll säger vad som beslutades.',
    },
    p.docType === 'kallelse' ? 'Kallelse' : 'Föredragningslista',
  );
}
