/* slant, part 1 of 6: small helpers shared by the other parts. The parts
   (kit, text, voices, actors, timeline, view) are joined in that order into
   one script: the HTML report inlines it and `slant serve` sends it as
   /assets/slant.js. Each part adds to the one `window.Slant` object.

   Every element is built with createElement(NS), textContent and
   setAttribute, so article text is never parsed as markup. */
(function () {
  'use strict';

  const Slant = (window.Slant = window.Slant || {});
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
    'October', 'November', 'December'];

  function h(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  /* An SVG element with `attrs` (numbers and our own strings only). */
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function percent(share) {
    return Math.round((Number(share) || 0) * 100) + '%';
  }

  /* A share as a percentage, "<1%" for a small share that is not none. */
  function share(s) {
    const n = Number(s) || 0;
    return n > 0 && n < 0.005 ? '<1%' : percent(n);
  }

  function clamp(v, lo, hi) {
    const n = Number.isFinite(v) ? Math.floor(v) : lo;
    return Math.min(hi, Math.max(lo, n));
  }

  function truncate(text, max) {
    const chars = Array.from(String(text));
    return chars.length <= max ? chars.join('') : chars.slice(0, max - 1).join('') + '…';
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  function list(value) {
    return Array.isArray(value) ? value : [];
  }

  /* A piece {start, end} of an article of `n` code points, clamped; null
     when empty or malformed. */
  function piece(p, n) {
    if (!p || typeof p !== 'object') return null;
    const start = clamp(p.start, 0, n);
    const end = clamp(p.end, start, n);
    return end > start ? { start, end } : null;
  }

  function swatch(style) {
    const s = h('span', 'slant-swatch t' + style.index);
    s.setAttribute('aria-hidden', 'true');
    return s;
  }

  /* A tag drawn by CSS from data-abbr, so the text stays the article's. */
  function tag(className, abbr) {
    const t = h('span', className);
    t.dataset.abbr = abbr;
    t.setAttribute('aria-hidden', 'true');
    return t;
  }

  /* A panel of one reading: a <details> open by default, with a heading. */
  function panel(className, title, open) {
    const d = h('details', 'slant-panel ' + className);
    d.open = open !== false;
    const summary = h('summary');
    summary.append(h('h3', null, title));
    d.append(summary);
    return d;
  }

  /* A pressable button: aria-pressed says whether it is on. */
  function toggle(className) {
    const b = h('button', className);
    b.type = 'button';
    b.setAttribute('aria-pressed', 'false');
    return b;
  }

  /* Dates: "YYYY-MM-DD" to days since 1970-01-01 (UTC, no clock or zone),
     and back to words. */
  function parseDate(s) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof s === 'string' ? s : '');
    if (!m) return null;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = new Date(0);
    t.setUTCFullYear(y, mo - 1, d);
    if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
    return { y, m: mo, d, day: Math.round(t.getTime() / 86400000) };
  }

  /* Days in month m (1 to 12) of year y; setUTCFullYear, unlike Date.UTC,
     keeps the years 1 to 99 as they are. */
  function daysIn(y, m) {
    const t = new Date(0);
    t.setUTCFullYear(y, m, 0);
    return t.getUTCDate();
  }

  function dayWords(d) {
    return d.d + ' ' + MONTHS[d.m - 1] + ' ' + d.y;
  }

  /* "1986", "March 2011", "1993–2003", "5 March 2012", "1 January 2011 –
     20 March 2012": the shortest words for the days begin..end. */
  function dateRange(b, e) {
    const wholeYears = b.m === 1 && b.d === 1 && e.m === 12 && e.d === 31;
    if (wholeYears) return b.y === e.y ? String(b.y) : b.y + '–' + e.y;
    const wholeMonths = b.d === 1 && e.d === daysIn(e.y, e.m);
    if (wholeMonths) {
      const first = MONTHS[b.m - 1] + ' ' + b.y;
      if (b.y === e.y && b.m === e.m) return first;
      return first + ' – ' + MONTHS[e.m - 1] + ' ' + e.y;
    }
    if (b.day === e.day) return dayWords(b);
    return dayWords(b) + ' – ' + dayWords(e);
  }

  Slant.kit = {
    h, svg, percent, share, clamp, truncate, plural, list, piece, swatch, tag, panel, toggle,
    parseDate, dateRange, dayWords,
  };
})();
