/** The audit log panel: the most recent staff actions. */
import { clear, el, formatTime } from '../lib/dom.js';
import { api } from './api.js';

export function setupAudit() {
  const body = document.querySelector('#audit-table tbody');
  return {
    async load() {
      const { entries } = await api('audit?limit=200');
      clear(body);
      for (const e of entries) {
        body.append(el('tr', {}, el('td', { class: 'nowrap', text: formatTime(e.at) }), el('td', { text: e.actor }), el('td', { class: 'mono', text: e.action }), el('td', { class: 'mono', text: e.target ?? '' }), el('td', { class: 'mono small', text: e.detail ?? '' }), el('td', { class: 'mono', text: e.ip ?? '' })));
      }
    },
  };
}
