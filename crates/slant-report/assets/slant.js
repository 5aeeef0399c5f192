/* slant: draws analyses: highlighted spans, legend, confidence slider and
   explanations. Shared by the HTML report (inlined; started from the JSON
   blocks in the file) and the web page (served as /assets/slant.js; started
   by page.js). It builds the DOM with createElement, textContent and
   setAttribute only, so article text is never parsed as HTML. Offsets are
   Unicode code points, as in the analysis JSON.

   Drawing: the text is cut at every span boundary; each segment is wrapped
   in one <mark> per span covering it, nested. Each span has a lane (greedy
   interval colouring), and its marks draw their underline that many steps
   below the text, so overlapping and nested spans all stay visible. */
(function () {
  'use strict';

  let views = 0;

  function h(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function percent(score) {
    return Math.round(score * 100) + '%';
  }

  function clamp(v, lo, hi) {
    const n = Number.isFinite(v) ? Math.floor(v) : lo;
    return Math.min(hi, Math.max(lo, n));
  }

  function swatch(style) {
    const s = h('span', 'slant-swatch t' + style.index);
    s.setAttribute('aria-hidden', 'true');
    return s;
  }

  function tag(style) {
    const t = h('span', 'slant-tag t' + style.index);
    t.dataset.abbr = style.abbr;
    t.setAttribute('aria-hidden', 'true');
    return t;
  }

  function truncate(text, max) {
    const chars = Array.from(text);
    return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  /* Gives each span (sorted by start, longest first) the lowest lane free at
     its start; returns the number of lanes. */
  function assignLanes(items) {
    const ends = [];
    for (const it of items) {
      let lane = ends.findIndex((end) => end <= it.start);
      if (lane < 0) {
        lane = ends.length;
        ends.push(0);
      }
      ends[lane] = it.end;
      it.lane = lane;
    }
    return ends.length;
  }

  function drawText(view, container, chars, spans) {
    const items = spans.slice().sort((a, b) => a.start - b.start || b.end - a.end || a.tech - b.tech);
    container.style.setProperty('--lanes', String(Math.max(1, assignLanes(items))));
    const cuts = new Set([0, chars.length]);
    for (const it of items) {
      cuts.add(it.start);
      cuts.add(it.end);
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    let active = [];
    let next = 0;
    for (let p = 0; p + 1 < points.length; p++) {
      const a = points[p];
      const b = points[p + 1];
      active = active.filter((it) => it.end > a);
      while (next < items.length && items[next].start === a) active.push(items[next++]);
      let node = document.createTextNode(chars.slice(a, b).join(''));
      // Innermost (highest lane) first, so the outermost mark is lane 0.
      for (const it of active.slice().sort((x, y) => y.lane - x.lane)) {
        const m = h('mark', 'slant-sp t' + it.tech);
        m.style.setProperty('--k', String(it.lane));
        m.dataset.k = String(it.id);
        if (it.start === a) {
          m.append(tag(view.techniques[it.tech]));
          m.tabIndex = 0;
          m.setAttribute('aria-describedby', view.tip.id);
          it.first = m;
        }
        m.append(node);
        it.pieces.push(m);
        node = m;
      }
      frag.append(node);
    }
    container.append(frag);
  }

  class View {
    constructor(controls, techniques) {
      views += 1;
      this.controls = controls;
      this.techniques = techniques.slice().sort((a, b) => a.index - b.index);
      this.byLabel = new Map(this.techniques.map((t) => [t.label, t]));
      this.spans = [];
      this.docs = [];
      this.minPct = 0;
      this.hidden = new Set();
      this.hot = null;
      this.tip = h('div', 'slant-tip');
      this.tip.id = 'slant-tip-' + views;
      this.tip.setAttribute('role', 'tooltip');
      this.tip.hidden = true;
      document.body.append(this.tip);
      this.dismissed = false;
      this.onKey = (e) => {
        if (e.key === 'Escape') {
          this.dismissed = true;
          this.hideTip();
        }
      };
      this.onClick = (e) => {
        if (!e.target.closest || !e.target.closest('mark.slant-sp, .slant-tip')) this.hideTip();
      };
      document.addEventListener('keydown', this.onKey);
      document.addEventListener('click', this.onClick);
    }

    /* Draws one article into `section` (replacing what it holds). */
    addArticle(section, text, record) {
      const chars = Array.from(text);
      const doc = { record, spans: [], shown: null, words: Number(record.words) || 0 };
      for (const r of Array.isArray(record.spans) ? record.spans : []) {
        const style = this.byLabel.get(r.technique);
        const start = clamp(r.start, 0, chars.length);
        const end = clamp(r.end, start, chars.length);
        if (!style || end <= start) continue;
        const s = {
          id: this.spans.length, tech: style.index, score: Number(r.score) || 0, start, end,
          text: chars.slice(start, end).join(''), evidence: Array.isArray(r.evidence) ? r.evidence : [],
          pieces: [], first: null, on: true,
        };
        this.spans.push(s);
        doc.spans.push(s);
      }
      this.docs.push(doc);
      const body = h('div', 'slant-text');
      drawText(this, body, chars, doc.spans);
      this.listen(body);
      section.replaceChildren();
      section.append(h('h2', null, record.title || record.id || 'Article'));
      if (record.title && record.id) section.append(h('p', 'slant-id', record.id));
      section.append(this.summary(doc), body);
    }

    summary(doc) {
      const box = h('div', 'slant-summary');
      const n = doc.spans.length;
      const figures = h('div');
      figures.append(h('h3', null, 'Flagged'));
      const count = h('p');
      count.append(h('span', 'slant-stat', n), ' ' + (n === 1 ? 'span' : 'spans') + ' ');
      doc.shown = h('span', 'slant-shown');
      count.append(doc.shown);
      const rate = doc.words ? (n * 1000) / doc.words : 0;
      const per = h('p');
      per.append(h('span', 'slant-stat', rate.toFixed(1)), ' per 1,000 words (' + plural(doc.words, 'word', 'words') + ')');
      figures.append(count, per);

      const techs = h('div');
      techs.append(h('h3', null, 'Techniques (spans, per 1,000 words)'));
      const counts = new Map();
      for (const s of doc.spans) counts.set(s.tech, (counts.get(s.tech) || 0) + 1);
      const ranked = Array.from(counts).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      if (ranked.length) {
        const list = h('ol');
        for (const [tech, c] of ranked) {
          const li = h('li');
          const r = doc.words ? ((c * 1000) / doc.words).toFixed(1) : '0.0';
          li.append(swatch(this.techniques[tech]), ' ' + this.techniques[tech].name + ': ' + c + ', ' + r);
          list.append(li);
        }
        techs.append(list);
      } else {
        techs.append(h('p', null, 'None found.'));
      }

      const rep = h('div');
      rep.append(h('h3', null, 'Most repeated flagged phrases'));
      const repeated = (doc.record.summary && doc.record.summary.most_repeated) || [];
      if (repeated.length) {
        const list = h('ol');
        for (const r of repeated.slice(0, 5)) list.append(h('li', null, '“' + truncate(String(r.text), 60) + '” ×' + r.count));
        rep.append(list);
      } else {
        rep.append(h('p', null, 'No flagged phrase occurs twice.'));
      }
      box.append(figures, techs, rep);
      return box;
    }

    listen(body) {
      body.addEventListener('mouseover', (e) => {
        const m = e.target.closest && e.target.closest('mark.slant-sp');
        if (m) this.point(m, null);
      });
      // Leaving the text goes back to the focused span's explanation, if
      // one is focused and its explanation was not dismissed with Escape.
      body.addEventListener('mouseleave', () => {
        const active = document.activeElement;
        if (!this.dismissed && body.contains(active) && active.matches('mark.slant-sp')) {
          this.point(active, this.spans[Number(active.dataset.k)]);
        } else {
          this.hideTip();
        }
      });
      body.addEventListener('click', (e) => {
        const m = e.target.closest && e.target.closest('mark.slant-sp');
        if (m) this.point(m, null);
      });
      body.addEventListener('focusin', (e) => {
        const m = e.target.closest && e.target.closest('mark.slant-sp');
        this.dismissed = false;
        if (m) this.point(m, this.spans[Number(m.dataset.k)]);
      });
      body.addEventListener('focusout', () => this.hideTip());
    }

    /* Shows every shown span covering `mark`, `primary` (or the innermost)
       first. */
    point(mark, primary) {
      const list = [];
      for (let e = mark; e && e.matches && e.matches('mark.slant-sp'); e = e.parentElement) {
        const s = this.spans[Number(e.dataset.k)];
        if (s && s.on && s !== primary) list.push(s);
      }
      if (primary && primary.on) list.unshift(primary);
      if (!list.length) {
        this.hideTip();
        return;
      }
      this.setHot(list[0]);
      this.tip.replaceChildren(...list.map((s) => this.entry(s)));
      this.tip.hidden = false;
      this.place(mark);
    }

    entry(s) {
      const style = this.techniques[s.tech];
      const d = h('div', 'slant-entry t' + s.tech);
      const head = h('div', 'slant-entry-head');
      head.append(swatch(style), h('strong', null, style.name), h('span', 'slant-score', percent(s.score) + ' confidence'));
      d.append(head, h('q', 'slant-quote', truncate(s.text, 240)), h('p', 'slant-def', style.definition));
      if (s.evidence.length) {
        d.append(h('span', null, 'Why flagged:'));
        const why = h('ul', 'slant-why');
        for (const ev of s.evidence.slice(0, 8)) why.append(h('li', null, ev));
        d.append(why);
      }
      return d;
    }

    place(mark) {
      if (window.matchMedia('(max-width: 600px)').matches) {
        this.tip.style.left = '';
        this.tip.style.top = '';
        return;
      }
      const r = mark.getClientRects()[0] || mark.getBoundingClientRect();
      const width = this.tip.offsetWidth;
      const height = this.tip.offsetHeight;
      const viewW = document.documentElement.clientWidth;
      const left = Math.max(8, Math.min(r.left, viewW - width - 8));
      let top = r.bottom + 10;
      if (top + height > window.innerHeight && r.top - height - 10 > 0) top = r.top - height - 10;
      this.tip.style.left = left + window.scrollX + 'px';
      this.tip.style.top = top + window.scrollY + 'px';
    }

    setHot(s) {
      if (this.hot) for (const p of this.hot.pieces) p.classList.remove('slant-hot');
      this.hot = s;
      if (s) for (const p of s.pieces) p.classList.add('slant-hot');
    }

    hideTip() {
      this.tip.hidden = true;
      this.setHot(null);
    }

    /* Builds the controls once every article is drawn. */
    finish() {
      const c = this.controls;
      c.replaceChildren();
      c.hidden = false;
      c.setAttribute('aria-label', 'Display controls');
      const row = h('div', 'slant-row');
      const slider = h('div', 'slant-slider');
      const id = 'slant-min-' + views;
      const label = h('label', null, 'Hide spans below');
      label.htmlFor = id;
      const input = h('input');
      Object.assign(input, { type: 'range', id, min: '0', max: '100', step: '1', value: '0' });
      const out = h('output', null, '0%');
      out.setAttribute('for', id);
      input.addEventListener('input', () => {
        this.minPct = Number(input.value);
        out.textContent = input.value + '%';
        this.apply();
      });
      slider.append(label, input, out, h('span', null, 'confidence'));
      const tags = h('label', 'slant-check');
      const box = h('input');
      box.type = 'checkbox';
      box.checked = true;
      box.addEventListener('change', () => document.body.classList.toggle('slant-hide-tags', !box.checked));
      tags.append(box, 'Show tags');
      const reset = h('button', null, 'Show all');
      reset.type = 'button';
      reset.addEventListener('click', () => {
        this.hidden.clear();
        input.value = '0';
        out.textContent = '0%';
        this.minPct = 0;
        this.apply();
      });
      row.append(slider, tags, reset);
      this.legend = h('ul', 'slant-legend');
      this.legend.setAttribute('aria-label', 'Techniques found: press to hide or show');
      this.items = new Map();
      const totals = new Map();
      for (const s of this.spans) totals.set(s.tech, (totals.get(s.tech) || 0) + 1);
      for (const style of this.techniques) {
        const total = totals.get(style.index) || 0;
        if (!total) continue;
        const button = h('button', 't' + style.index);
        button.type = 'button';
        button.title = style.definition;
        button.setAttribute('aria-pressed', 'true');
        const count = h('span', 'slant-count');
        button.append(swatch(style), h('span', 'slant-name', style.name), count);
        button.addEventListener('click', () => {
          if (this.hidden.has(style.index)) this.hidden.delete(style.index);
          else this.hidden.add(style.index);
          this.apply();
        });
        const li = h('li');
        li.append(button);
        this.legend.append(li);
        this.items.set(style.index, { button, count, total });
      }
      if (!this.items.size) this.legend.append(h('li', null, 'No technique found.'));
      c.append(row, this.legend);
      const overview = document.getElementById('slant-overview');
      if (overview) {
        const words = this.docs.reduce((sum, d) => sum + d.words, 0);
        const rate = words ? ((this.spans.length * 1000) / words).toFixed(1) : '0.0';
        overview.textContent = plural(this.docs.length, 'article', 'articles') + ', ' +
          plural(this.spans.length, 'span', 'spans') + ', ' + rate + ' per 1,000 words';
      }
      this.apply();
    }

    /* Shows the spans whose technique is on and whose confidence, as shown
       (a whole percentage), is at least the slider's. */
    apply() {
      const shown = new Map();
      for (const s of this.spans) {
        const on = !this.hidden.has(s.tech) && Math.round(s.score * 100) >= this.minPct;
        if (on) shown.set(s.tech, (shown.get(s.tech) || 0) + 1);
        if (on !== s.on) {
          s.on = on;
          for (const p of s.pieces) p.classList.toggle('slant-off', !on);
          if (s.first) s.first.tabIndex = on ? 0 : -1;
        }
      }
      for (const [tech, item] of this.items || []) {
        const n = shown.get(tech) || 0;
        item.count.textContent = n === item.total ? String(n) : n + '/' + item.total;
        item.button.setAttribute('aria-pressed', String(!this.hidden.has(tech)));
      }
      for (const d of this.docs) {
        const n = d.spans.filter((s) => s.on).length;
        if (d.shown) d.shown.textContent = n === d.spans.length ? '' : '(' + n + ' shown)';
      }
      if (this.hot && !this.hot.on) this.hideTip();
    }

    destroy() {
      document.removeEventListener('keydown', this.onKey);
      document.removeEventListener('click', this.onClick);
      this.tip.remove();
    }
  }

  function readJson(el) {
    if (!el) return null;
    try {
      return JSON.parse(el.textContent);
    } catch (e) {
      return null;
    }
  }

  /* The report: technique styles in #slant-techniques, one
     section.slant-doc per article with its {text, record} in a
     script.slant-article block. */
  function startReport() {
    const techniques = readJson(document.getElementById('slant-techniques'));
    const controls = document.getElementById('slant-controls');
    if (!Array.isArray(techniques) || !controls) return;
    const view = new View(controls, techniques);
    for (const section of document.querySelectorAll('section.slant-doc')) {
      const data = readJson(section.querySelector('script.slant-article'));
      if (data && typeof data.text === 'string' && data.record) view.addArticle(section, data.text, data.record);
    }
    view.finish();
    document.body.classList.add('slant-ready');
  }

  window.Slant = { View };
  if (document.body && document.body.dataset.slant === 'report') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startReport);
    else startReport();
  }
})();
