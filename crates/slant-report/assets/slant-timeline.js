/* slant, part 5 of 6: the time reading. The publication date and where it
   came from, and the timeline: an SVG time axis with one row per dated
   claim (a bar for a stretch of time, a dot for a day; filled for the
   outlet's narration, hollow for attributed claims; dashed where one end
   is open), and the same claims as a list. Every row and list item links
   to the claim in the text and moves focus there.

   Reads record.published, record.timexes and record.timeline; an article
   without them shows none of this. */
(function () {
  'use strict';

  const Slant = (window.Slant = window.Slant || {});
  const { h, svg, list, piece, plural, truncate, parseDate, dateRange, dayWords } = Slant.kit;

  const FROM = {
    flag: 'given by the user',
    metadata: 'from the corpus metadata',
    dateline: 'read from the article’s dateline',
  };
  // Rows drawn at most; the list below holds every claim.
  const MAX_ROWS = 60;
  const ROW = 22;
  const TOP = 30;

  function prepare(doc, n) {
    const rec = doc.record;
    const pub = rec.published && typeof rec.published === 'object' ? rec.published : null;
    doc.published = pub ? { date: parseDate(pub.date), from: FROM[pub.from] ? pub.from : 'none' } : null;
    if (!Array.isArray(rec.timeline)) {
      doc.timeline = null;
      return;
    }
    const timexes = list(rec.timexes);
    const claims = new Map();
    doc.timeline = rec.timeline.filter((e) => e && typeof e === 'object').map((e, i) => {
      const p = piece(e.claim, n);
      let claim = null;
      if (p) {
        const key = p.start + ':' + p.end;
        claim = claims.get(key) || Object.assign(p, { id: doc.prefix + '-claim-' + claims.size });
        claims.set(key, claim);
      }
      const tx = timexes[e.timex];
      const range = tx && tx.range ? [parseDate(tx.range.begin), parseDate(tx.range.end)] : [null, null];
      return {
        number: i + 1, claim, text: e.claim && e.claim.text ? String(e.claim.text) : '',
        begin: parseDate(e.begin), end: parseDate(e.end), kind: String(e.kind || 'dated'),
        voice: e.asserted_by, range,
      };
    });
    doc.claims = Array.from(claims.values());
  }

  function layer(doc) {
    if (!doc.timeline) return null;
    return Slant.text.spanLayer(doc.claims, 'slant-claim', (el, it, first) => {
      if (first) el.id = it.id;
    });
  }

  /* When an entry is, in words. */
  function when(e) {
    const [rb, re] = e.range;
    const span = rb && re ? dateRange(rb, re) : e.begin ? dayWords(e.begin) : '';
    switch (e.kind) {
      case 'since': return 'since ' + (span || '?');
      case 'as_of': return 'as of ' + (e.begin ? dayWords(e.begin) : 'publication');
      case 'before': return e.end ? 'before ' + dayWords(e.end) : 'some time ago';
      case 'after': return e.begin ? 'after ' + dayWords(e.begin) : 'some time ahead';
      default: return e.begin && e.end ? dateRange(e.begin, e.end) : span || 'undated';
    }
  }

  function whose(doc, e) {
    if (e.voice === 'narration') return 'narration';
    const att = doc.voices && doc.voices.attributions[e.voice];
    return att ? 'per ' + truncate(att.name || 'an unnamed source', 32) : typeof e.voice === 'number' ? 'attributed' : '';
  }

  /* The publication line; null without the reading. */
  function publishedLine(doc) {
    if (!doc.published) return null;
    const p = h('p', 'slant-published');
    const d = doc.published.date;
    if (d) {
      p.append('Published ', h('strong', null, dayWords(d)), ' (' + (FROM[doc.published.from] || 'source not given') + ')');
    } else {
      p.append('Publication date unknown: relative dates such as “on Saturday” are left unplaced.');
    }
    return p;
  }

  function go(event, claim) {
    event.preventDefault();
    Slant.text.focusItem(claim);
  }

  /* Year, month or day ticks, at most about `most` of them, over [lo, hi]
     (days). */
  function ticks(lo, hi, most) {
    const out = [];
    const years = (hi - lo) / 365.25;
    const at = (y, m) => {
      const t = new Date(0);
      t.setUTCFullYear(y, m, 1);
      return Math.round(t.getTime() / 86400000);
    };
    const first = new Date(lo * 86400000);
    if (years >= 2) {
      const step = [1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000].find((s) => years / s <= most) || 1000;
      for (let y = Math.ceil(first.getUTCFullYear() / step) * step; at(y, 0) <= hi; y += step) {
        if (at(y, 0) >= lo) out.push({ day: at(y, 0), text: String(y) });
      }
    } else {
      const months = years * 12;
      const step = [1, 2, 3, 6, 12].find((s) => months / s <= most) || 12;
      let y = first.getUTCFullYear();
      let m = Math.ceil(first.getUTCMonth() / step) * step;
      for (; at(y, m) <= hi; m += step) {
        const day = at(y, m);
        const d = new Date(day * 86400000);
        if (day >= lo) out.push({ day, text: (d.getUTCMonth() === 0 ? d.getUTCFullYear() + ' ' : '') + ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()] });
      }
      if (!out.length) out.push({ day: lo, text: dayWords(fromDay(lo)) });
    }
    return out;
  }

  /* A day number as kit's {y, m, d, day}. */
  function fromDay(day) {
    const t = new Date(day * 86400000);
    return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), day };
  }

  /* Draws the chart for `rows` at `width` pixels: a label column (the
     number and when; the number only when narrow), then the time axis. */
  function chart(doc, rows, width, label) {
    const days = [];
    for (const e of rows) for (const d of [e.begin, e.end]) if (d) days.push(d.day);
    const pub = doc.published && doc.published.date;
    if (pub) days.push(pub.day);
    if (!days.length) return null;
    let lo = Math.min(...days);
    let hi = Math.max(...days);
    const pad = Math.max(15, (hi - lo) * 0.03);
    lo -= pad;
    hi += pad;
    const wide = width >= 520;
    const left = wide ? Math.min(230, Math.round(width * 0.32)) : 30;
    const right = width - 10;
    const x = (day) => left + ((day - lo) / (hi - lo)) * (right - left);
    const bottom = TOP + rows.length * ROW;
    const height = bottom + (pub ? 18 : 6);
    const root = svg('svg', { width, height, viewBox: '0 0 ' + width + ' ' + height, class: 'slant-tl-svg', role: 'group' });
    root.setAttribute('aria-label', label);
    const axis = svg('g', { class: 'slant-tl-axis', 'aria-hidden': 'true' });
    axis.append(svg('line', { x1: left, x2: right, y1: TOP - 6, y2: TOP - 6 }));
    for (const t of ticks(lo, hi, Math.max(2, Math.floor((right - left) / 70)))) {
      const tx = x(t.day);
      axis.append(svg('line', { x1: tx, x2: tx, y1: TOP - 10, y2: bottom, class: 'slant-tl-grid' }));
      axis.append(svg('text', { x: tx, y: TOP - 14, 'text-anchor': 'middle' }, t.text));
    }
    if (pub) {
      const px = x(pub.day);
      axis.append(svg('line', { x1: px, x2: px, y1: TOP - 6, y2: bottom + 4, class: 'slant-tl-pub' }));
      axis.append(svg('text', { x: px, y: bottom + 15, 'text-anchor': px > right - 40 ? 'end' : 'middle', class: 'slant-tl-pubtext' }, 'published'));
    }
    root.append(axis);
    rows.forEach((e, i) => {
      const y = TOP + i * ROW + ROW / 2;
      const a = svg('a', { class: 'slant-tl-row' + (typeof e.voice === 'number' ? ' slant-tl-quoted' : '') });
      if (e.claim) a.setAttribute('href', '#' + e.claim.id);
      const w = whose(doc, e);
      a.append(svg('title', {}, e.number + '. ' + when(e) + ': ' + truncate(e.text, 200) + (w ? ' (' + w + ')' : '')));
      a.append(svg('rect', { x: 0, y: y - ROW / 2 + 1, width, height: ROW - 2, rx: 3, class: 'slant-tl-hit' }));
      const open = !e.begin || !e.end;
      const b = e.begin ? x(e.begin.day) : left;
      const f = e.end ? x(e.end.day + 1) : right;
      if (f - b >= 7 || open) {
        a.append(svg('rect', { x: b, y: y - 5, width: Math.max(4, f - b), height: 10, rx: 2, class: 'slant-tl-bar' + (open ? ' slant-tl-open' : '') }));
      } else {
        a.append(svg('circle', { cx: (b + f) / 2, cy: y, r: 5, class: 'slant-tl-dot' }));
      }
      const text = wide ? truncate(e.number + '  ' + when(e), Math.floor((left - 12) / 6.6)) : String(e.number);
      a.append(svg('text', { x: 6, y: y + 4, class: 'slant-tl-label' }, text));
      if (e.claim) a.addEventListener('click', (ev) => go(ev, e.claim));
      root.append(a);
    });
    return root;
  }

  /* The timeline panel; null without the reading. */
  function panel(view, doc) {
    if (!doc.timeline) return null;
    const entries = doc.timeline;
    const p = Slant.kit.panel('slant-timeline', 'Timeline (' + plural(entries.length, 'dated claim', 'dated claims') + ')');
    if (!entries.length) {
      p.append(h('p', 'slant-hint', 'No claim in the text could be placed in time.'));
      return p;
    }
    const rows = entries.slice(0, MAX_ROWS);
    const figure = h('figure', 'slant-tl');
    const label = 'Timeline of ' + plural(entries.length, 'dated claim', 'dated claims') + '; each row links to its claim in the text';
    let drawn = 0;
    const draw = () => {
      const width = Math.floor(figure.clientWidth);
      if (width < 50 || width === drawn) return;
      drawn = width;
      const c = chart(doc, rows, width, label);
      const old = figure.querySelector('svg');
      if (old) old.remove();
      if (c) figure.prepend(c);
    };
    const caption = h('figcaption', 'slant-hint');
    caption.append(h('span', 'slant-tl-key slant-tl-key-n', '●'), ' narration  ', h('span', 'slant-tl-key', '○'),
      ' attributed to a source  ', h('span', 'slant-tl-key', '┅'), ' one end open  ', h('span', 'slant-tl-key', '┊'),
      ' publication date' + (entries.length > rows.length ? '. The first ' + rows.length + ' claims are drawn; all are listed.' : '.'));
    figure.append(caption);
    p.append(figure);
    if (window.ResizeObserver) new ResizeObserver(draw).observe(figure);
    p.addEventListener('toggle', draw);
    requestAnimationFrame(draw);

    const ol = h('ol', 'slant-claims');
    for (const e of entries) {
      const li = h('li');
      const a = h('a', 'slant-claim-link');
      if (e.claim) {
        a.href = '#' + e.claim.id;
        a.addEventListener('click', (ev) => go(ev, e.claim));
      }
      a.append(h('span', 'slant-when', when(e)), ' ', h('span', 'slant-claim-text', '“' + truncate(e.text, 220) + '”'));
      li.append(a);
      const w = whose(doc, e);
      if (w) li.append(' ', h('span', 'slant-chip-meta', w));
      ol.append(li);
    }
    p.append(ol);
    return p;
  }

  Slant.timeline = { prepare, layer, panel, publishedLine, when };
})();
