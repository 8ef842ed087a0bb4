// Pictures as inline SVG built with createElementNS (text via textContent), and the scatter plot
// on a canvas (thousands of points). Colours come from style.css classes where possible.

import { sig3 } from './format.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function root(container, width, height, label) {
  container.replaceChildren();
  // Natural size from width/height; CSS lets it shrink (max-width: 100%) on narrow screens.
  const s = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label, class: 'chart' });
  s.append(svg('title', {}, label));
  container.append(s);
  return s;
}

// The chart's numbers as a table for screen readers (visually hidden): inside role="img" the
// SVG's own text is not read. `rows`: [header cell, ...values].
function textTable(container, caption, head, rows) {
  // Hidden through a wrapper: a table grows to its content whatever its own width (and the page
  // with it, on a phone).
  const box = document.createElement('div');
  box.className = 'visually-hidden';
  const t = document.createElement('table');
  const cell = (tag, text, scope) => {
    const c = document.createElement(tag);
    c.textContent = text;
    if (scope) c.scope = scope;
    return c;
  };
  t.append(cell('caption', caption));
  const hr = document.createElement('tr');
  hr.append(...head.map((h) => cell('th', h, 'col')));
  const body = document.createElement('tbody');
  for (const [first, ...rest] of rows) {
    const tr = document.createElement('tr');
    tr.append(cell('th', first, 'row'), ...rest.map((v) => cell('td', v)));
    body.append(tr);
  }
  const thead = document.createElement('thead');
  thead.append(hr);
  t.append(thead, body);
  box.append(t);
  container.append(box);
}

const short = (s, n = 14) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

// WCAG relative luminance and contrast ratio of '#rrggbb' colours (the heat map picks its text
// colour per cell with them; tests/web/review.test.js checks the result the same way).
function luminance(hex) {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
const hex = (rgb) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
// `base` at opacity `a` over white, as an opaque colour (so that the text colour can be chosen
// against what is really drawn).
function tint(base, a) {
  return hex([1, 3, 5].map((i) => a * parseInt(base.slice(i, i + 2), 16) + (1 - a) * 255));
}
// The page's dark text where it reaches AA (4.5:1); else black or white, whichever contrasts
// more: one of them always reaches 4.58:1 on any colour.
function textOn(fill) {
  if (contrast(fill, '#1b1f24') >= 4.5) return '#1b1f24';
  return contrast(fill, '#000000') >= contrast(fill, '#ffffff') ? '#000000' : '#ffffff';
}
const DIAG = '#0b5cad';
const OFF = '#c62828';

/**
 * Heat map of the noise matrix, drawn as P(given | true): one row per true (suggested) class,
 * one column per given label, so that each row sums to 100% as the caption says. The API's
 * noiseMatrix is [given][true] (its columns sum to 1); it is read transposed here. Diagonal cells
 * (blue) are shaded by value; off-diagonal cells (red) relative to the largest off-diagonal value,
 * so that small confusions stay visible next to a diagonal near 100%. Fills are opaque colours
 * (not opacity), so the text colour is chosen against what is drawn. Each cell carries its value
 * (data-value) and place (data-true, data-given) for tests and tooltips.
 */
export function heatmap(container, matrix, classNames) {
  const K = classNames.length;
  // cell (t, g): P(given g | true t) = noiseMatrix[g][t]
  const at = (t, g) => (g < matrix.rows && t < matrix.cols ? matrix.data[g * matrix.cols + t] : 0);
  const cell = K <= 4 ? 72 : K <= 6 ? 56 : K <= 12 ? 34 : Math.max(14, Math.floor(480 / K));
  let maxOff = 0;
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) if (i !== j) maxOff = Math.max(maxOff, at(i, j));
  const fs = Math.min(14, cell * 0.42);
  // Room for the longest tick label (at most 14 characters, about 0.62 em each): left of the rows,
  // and above and to the right of the columns' labels, which are turned 50 degrees.
  const longest = Math.max(...classNames.map((c) => short(c).length)) * fs * 0.62;
  const left = Math.max(60, longest + 28);
  const top = Math.ceil(longest * Math.sin(50 * Math.PI / 180)) + 34;
  const right = Math.ceil(Math.max(8, longest * Math.cos(50 * Math.PI / 180) - cell / 2 + 8));
  const w = left + K * cell + right;
  const h = top + K * cell + 8;
  const s = root(container, w, h, 'Heat map: rows true label, columns given label; each row sums to 100%');
  s.append(svg('text', { x: left + (K * cell) / 2, y: 14, 'text-anchor': 'middle', class: 'axis-title' }, 'given label →'));
  s.append(svg('text', { x: 18, y: top + (K * cell) / 2, 'text-anchor': 'middle', class: 'axis-title',
    transform: `rotate(-90 18 ${top + (K * cell) / 2})` }, 'true label →'));
  for (let j = 0; j < K; j++) {
    const x = left + j * cell + cell / 2;
    s.append(svg('text', { x, y: top - 6, 'text-anchor': 'start', class: 'hm-tick',
      transform: `rotate(-50 ${x} ${top - 6})`, 'font-size': fs }, short(classNames[j])));
  }
  for (let i = 0; i < K; i++) {
    s.append(svg('text', { x: left - 6, y: top + i * cell + cell / 2 + 4, 'text-anchor': 'end', class: 'hm-tick', 'font-size': fs },
      short(classNames[i])));
    for (let j = 0; j < K; j++) {
      const v = at(i, j);
      const shade = Math.max(0.04, Math.min(1, i === j ? v : v / (maxOff || 1)));
      const fill = tint(i === j ? DIAG : OFF, shade);
      const r = svg('rect', { x: left + j * cell, y: top + i * cell, width: cell - 1, height: cell - 1,
        class: i === j ? 'hm diag' : 'hm', fill, 'data-value': v, 'data-true': i, 'data-given': j });
      r.append(svg('title', {}, `true ${classNames[i]}, given ${classNames[j]}: ${(100 * v).toFixed(1)}% of the rows whose true label is ${classNames[i]}`));
      s.append(r);
      if (K <= 12) {
        s.append(svg('text', { x: left + j * cell + cell / 2, y: top + i * cell + cell / 2 + 4, 'text-anchor': 'middle',
          class: 'hm-label', fill: textOn(fill), 'font-size': fs, 'data-true': i, 'data-given': j },
          v === 0 ? '0' : v < 0.0005 ? '<.1' : v >= 0.995 ? '100' : (100 * v).toFixed(v < 0.1 ? 1 : 0)));
      }
    }
  }
  textTable(container, 'Estimated noise matrix: of the rows whose true label is the row\'s class, the share given each column\'s label',
    ['true label \\ given label', ...classNames],
    classNames.map((name, i) => [name, ...classNames.map((_, j) => `${(100 * at(i, j)).toFixed(1)}%`)]));
}

/** Horizontal bars for values in [0, 1], e.g. label quality per class. */
export function bars(container, items, { label = 'Bar chart', format = (v) => `${(100 * v).toFixed(1)}%` } = {}) {
  const row = items.length > 12 ? 20 : 30;
  const left = 130;
  const width = 460;
  const h = items.length * row + 8;
  const s = root(container, width, h, label);
  const span = width - left - 60;
  items.forEach((it, i) => {
    const y = i * row + 4;
    s.append(svg('text', { x: left - 6, y: y + row / 2 + 3, 'text-anchor': 'end', class: 'tick' }, short(it.label)));
    s.append(svg('rect', { x: left, y, width: span, height: row - 4, class: 'track' }));
    s.append(svg('rect', { x: left, y, width: Math.max(0, Math.min(1, it.value)) * span, height: row - 4, class: it.className ?? 'bar' }));
    s.append(svg('text', { x: left + span + 6, y: y + row / 2 + 3, class: 'tick' }, format(it.value)));
  });
  textTable(container, label, ['', 'value'], items.map((it) => [it.label, format(it.value)]));
}

/** Histogram of label-quality scores in [0, 1]: flagged rows stacked in red; square-root y scale. */
export function histogram(container, scores, isIssue, bins = 20) {
  const ok = new Array(bins).fill(0);
  const bad = new Array(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(scores[i] * bins)));
    (isIssue[i] ? bad : ok)[b]++;
  }
  const max = Math.max(1, ...ok.map((v, i) => v + bad[i]));
  const w = 460;
  const h = 246;
  const left = 44;
  const bottom = 44;
  const plotH = h - bottom - 10;
  const bw = (w - left - 10) / bins;
  const s = root(container, w, h, `Histogram of label quality: ${scores.length} rows, ${bad.reduce((a, b) => a + b, 0)} flagged`);
  for (let b = 0; b < bins; b++) {
    const x = left + b * bw;
    // sqrt scale: small bins (often the flagged ones) stay visible next to one tall bin
    const hAll = Math.sqrt((ok[b] + bad[b]) / max) * plotH;
    const hBad = ok[b] + bad[b] ? (hAll * bad[b]) / (ok[b] + bad[b]) : 0;
    const hOk = Math.max(0, hAll - hBad);
    const base = h - bottom;
    const t = `${(b / bins).toFixed(2)}–${((b + 1) / bins).toFixed(2)}: ${ok[b] + bad[b]} rows, ${bad[b]} flagged`;
    const g = svg('g');
    g.append(svg('title', {}, t));
    g.append(svg('rect', { x: x + 1, y: base - hOk, width: bw - 2, height: hOk, class: 'bar' }));
    g.append(svg('rect', { x: x + 1, y: base - hOk - hBad, width: bw - 2, height: hBad, class: 'bar-bad' }));
    s.append(g);
  }
  s.append(svg('line', { x1: left, x2: w - 10, y1: h - bottom, y2: h - bottom, class: 'axis' }));
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    s.append(svg('text', { x: left + v * (w - left - 10), y: h - bottom + 17, 'text-anchor': 'middle', class: 'tick' }, v));
  }
  s.append(svg('text', { x: left - 6, y: 18, 'text-anchor': 'end', class: 'tick' }, max));
  s.append(svg('text', { x: (w + left) / 2, y: h - 8, 'text-anchor': 'middle', class: 'axis-title' }, 'label quality (bar height: square root of the count)'));
}

/** Scatter plot of the 2-D projection on a canvas; flagged rows drawn last, in red. */
const MAX_POINTS = 10000;

export function scatter(container, projection, isIssue) {
  // kind 'probabilities' (text data, worker.js pictureOf): both axes are probabilities, drawn on
  // [0, 1] with their names and ticks; 'pca': principal components, no units.
  const probs = projection?.kind === 'probabilities';
  container.replaceChildren();
  if (!projection || projection.rows === 0) {
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = 'No projection (no feature columns, or probabilities were given).';
    container.append(p);
    return;
  }
  const { data, rows } = projection;
  const css = getComputedStyle(document.documentElement);
  const canvas = document.createElement('canvas');
  const W = 520;
  const H = 360;
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  canvas.width = W * dpr;
  canvas.height = H * dpr;
  canvas.className = 'chart';
  let flagged = 0;
  for (let i = 0; i < rows; i++) flagged += isIssue[i] ? 1 : 0;
  // At most about MAX_POINTS points of each kind are drawn (every k-th row, deterministic): a
  // million arcs keep the main thread busy for seconds and show no more than a sample does.
  const stepOk = Math.max(1, Math.ceil((rows - flagged) / MAX_POINTS));
  const stepBad = Math.max(1, Math.ceil(flagged / MAX_POINTS));
  const sampled = stepOk > 1 || stepBad > 1;
  // Many points: squares (a path of 20,000 arcs takes the main thread 100-200 ms to fill).
  const square = rows > 5000;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `Scatter plot of ${rows} rows${probs ? ' by the probability of the given label (x) and of the most probable other class (y)' : ' in two dimensions'}; ${flagged} flagged rows highlighted` +
    (sampled ? `; a sample is drawn: every ${stepOk === 1 ? '' : `${stepOk}th `}row and every ${stepBad === 1 ? '' : `${stepBad}th `}flagged row` : ''));
  container.append(canvas);
  const ctx = canvas.getContext('2d');
  ctx.scale(dpr, dpr);
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < rows; i++) {
    const x = data[2 * i], y = data[2 * i + 1];
    if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
  }
  if (probs) [x0, x1, y0, y1] = [0, 1, 0, 1];
  const pad = probs ? 40 : 10;
  const sx = (W - 2 * pad) / (x1 - x0 || 1);
  const sy = (H - 2 * pad) / (y1 - y0 || 1);
  if (probs) {
    // Axes with ticks and names, in the page's muted text colour.
    ctx.strokeStyle = css.getPropertyValue('--muted').trim() || '#4a5563';
    ctx.fillStyle = ctx.strokeStyle;
    ctx.font = '12px system-ui, sans-serif';
    ctx.beginPath();
    ctx.moveTo(pad, pad); ctx.lineTo(pad, H - pad); ctx.lineTo(W - pad, H - pad);
    ctx.stroke();
    for (const t of [0, 0.5, 1]) {
      ctx.textAlign = 'center';
      ctx.fillText(String(t), pad + t * (W - 2 * pad), H - pad + 14);
      ctx.textAlign = 'right';
      ctx.fillText(String(t), pad - 4, H - pad - t * (H - 2 * pad) + 4);
    }
    ctx.textAlign = 'center';
    ctx.fillText('probability of the given label →', W / 2, H - 6);
    ctx.save();
    ctx.translate(12, H / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText('most probable other class →', 0, 0);
    ctx.restore();
  }
  const r = rows > 5000 ? 1.2 : rows > 1000 ? 1.8 : 2.6;
  const draw = (want, colour, radius) => {
    const step = want ? stepBad : stepOk;
    let seen = 0;
    ctx.fillStyle = colour;
    ctx.beginPath();
    for (let i = 0; i < rows; i++) {
      if (Boolean(isIssue[i]) !== want) continue;
      if (seen++ % step !== 0) continue;
      const x = pad + (data[2 * i] - x0) * sx;
      const y = H - pad - (data[2 * i + 1] - y0) * sy;
      if (square) {
        ctx.rect(x - radius, y - radius, 2 * radius, 2 * radius);
      } else {
        ctx.moveTo(x + radius, y);
        ctx.arc(x, y, radius, 0, 2 * Math.PI);
      }
    }
    ctx.fill();
  };
  draw(false, css.getPropertyValue('--point').trim() || '#8a96a8', r);
  draw(true, css.getPropertyValue('--bad').trim() || '#c62828', r + 1);
}

/** The class probabilities of one row as bars, with the given and suggested classes marked. */
export function probabilityBars(container, probs, classNames, { given, suggested, givenThreshold, suggestedThreshold }) {
  const order = probs.map((p, k) => k).sort((a, b) => probs[b] - probs[a]);
  const top = order.slice(0, 8);
  if (!top.includes(given)) top.push(given);
  const row = 30;
  const left = 176; // room for a 12-character name and " (suggested)"
  const width = 410;
  const span = width - left - 70; // room for '0.0429' after the bar
  const s = root(container, width, top.length * row + 8, 'Class probabilities of the selected row');
  top.forEach((k, i) => {
    const y = i * row + 4;
    const tag = k === given ? ' (given)' : k === suggested ? ' (suggested)' : '';
    s.append(svg('text', { x: left - 6, y: y + 18, 'text-anchor': 'end', class: 'tick' }, short(classNames[k], 12) + tag));
    s.append(svg('rect', { x: left, y, width: span, height: row - 6, class: 'track' }));
    s.append(svg('rect', { x: left, y, width: probs[k] * span, height: row - 6,
      class: k === given ? 'bar-bad' : k === suggested ? 'bar-good' : 'bar' }));
    const th = k === given ? givenThreshold : k === suggested ? suggestedThreshold : null;
    if (Number.isFinite(th)) {
      const line = svg('line', { x1: left + th * span, x2: left + th * span, y1: y - 2, y2: y + row - 4, class: 'threshold' });
      line.append(svg('title', {}, `confident threshold of ${classNames[k]}: ${sig3(th)}`));
      s.append(line);
    }
    s.append(svg('text', { x: left + span + 6, y: y + 18, class: 'tick' }, sig3(probs[k])));
  });
}
