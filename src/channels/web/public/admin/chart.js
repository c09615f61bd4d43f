/** Small SVG charts drawn here (no chart library, nothing from a CDN). Labels are text nodes. */
const NS = 'http://www.w3.org/2000/svg';

/** One day of the weekly report. @typedef {{ date: string; questions: number; resolved: number }} Day */

/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {string} [text]
 * @returns {SVGElement}
 */
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Vertical bars per day: the full bar is the questions, the dark part the
 * resolved ones. `label(day)` gives each bar's accessible title.
 * @param {Day[]} days
 * @param {{ title: string; label: (day: Day) => string }} options
 */
export function dayBars(days, { title, label }) {
  const width = 560;
  const height = 220;
  const pad = { top: 16, right: 8, bottom: 34, left: 32 };
  const max = Math.max(1, ...days.map((d) => d.questions));
  const slot = (width - pad.left - pad.right) / Math.max(1, days.length);
  /** @param {number} v */
  const y = (v) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart', 'aria-label': title });
  root.append(svg('title', {}, title));
  for (const tick of [0, Math.ceil(max / 2), max]) {
    root.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(tick), y2: y(tick), class: 'chart__grid' }));
    root.append(svg('text', { x: pad.left - 6, y: y(tick) + 4, 'text-anchor': 'end', class: 'chart__axis' }, String(tick)));
  }
  days.forEach((d, i) => {
    const x = pad.left + i * slot + slot * 0.18;
    const w = slot * 0.64;
    const g = svg('g', { role: 'listitem' });
    g.append(svg('title', {}, label(d)));
    g.append(svg('rect', { x, y: y(d.questions), width: w, height: y(0) - y(d.questions), class: 'chart__bar', rx: 3 }));
    g.append(svg('rect', { x, y: y(d.resolved), width: w, height: y(0) - y(d.resolved), class: 'chart__bar chart__bar--resolved', rx: 3 }));
    if (d.questions) g.append(svg('text', { x: x + w / 2, y: y(d.questions) - 4, 'text-anchor': 'middle', class: 'chart__value' }, String(d.questions)));
    g.append(svg('text', { x: x + w / 2, y: height - pad.bottom + 16, 'text-anchor': 'middle', class: 'chart__axis' }, d.date.slice(5)));
    root.append(g);
  });
  return root;
}

/**
 * Horizontal bars for ranked lists (topics, cited documents).
 * @param {{ label: string; value: number }[]} rows
 * @param {{ title: string }} options
 */
export function rankBars(rows, { title }) {
  const rowH = 28;
  const width = 560;
  const labelW = 230;
  const height = rows.length * rowH + 8;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart', 'aria-label': title });
  root.append(svg('title', {}, title));
  rows.forEach((r, i) => {
    const y = 4 + i * rowH;
    const w = ((width - labelW - 40) * r.value) / max;
    const label = r.label.length > 16 ? `${r.label.slice(0, 16)}…` : r.label;
    const g = svg('g');
    g.append(svg('title', {}, `${r.label}：${r.value}`));
    g.append(svg('text', { x: labelW - 8, y: y + 18, 'text-anchor': 'end', class: 'chart__label' }, label));
    g.append(svg('rect', { x: labelW, y: y + 4, width: Math.max(w, 2), height: rowH - 10, class: 'chart__bar chart__bar--resolved', rx: 3 }));
    g.append(svg('text', { x: labelW + Math.max(w, 2) + 6, y: y + 18, class: 'chart__value' }, String(r.value)));
    root.append(g);
  });
  return root;
}
