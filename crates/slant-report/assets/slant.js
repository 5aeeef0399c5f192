/* slant, part 6 of 6: the view. Draws analyses: highlighted spans, legend,
   confidence slider, the narration/quoted switch, explanations, and per
   article its summary and the panels of the other readings (sources,
   actors, timeline). Shared by the HTML report (inlined; started from the
   JSON blocks in the file) and the web page (served as /assets/slant.js;
   started by page.js). */
(function () {
  'use strict';

  const Slant = (window.Slant = window.Slant || {});
  const { h, clamp, percent, plural, swatch, truncate } = Slant.kit;

  let views = 0;

  class View {
    constructor(controls, techniques) {
      views += 1;
      this.n = views;
      this.controls = controls;
      this.techniques = techniques.slice().sort((a, b) => a.index - b.index);
      this.byLabel = new Map(this.techniques.map((t) => [t.label, t]));
      this.spans = [];
      this.docs = [];
      this.minPct = 0;
      this.voiceMode = 'all';
      this.hidden = new Set();
      this.hot = [];
      this.picked = null;
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
        if (!e.target.closest || !e.target.closest('mark.slant-sp, .slant-v, .slant-tip')) this.hideTip();
      };
      document.addEventListener('keydown', this.onKey);
      document.addEventListener('click', this.onClick);
    }

    /* Draws one article into `section` (replacing what it holds). */
    addArticle(section, text, record) {
      const chars = Array.from(text);
      const n = chars.length;
      const doc = {
        record, spans: [], shown: null, words: Number(record.words) || 0, index: this.docs.length,
        prefix: 'slant-' + this.n + '-' + this.docs.length,
      };
      for (const r of Array.isArray(record.spans) ? record.spans : []) {
        const style = this.byLabel.get(r.technique);
        const start = clamp(r.start, 0, n);
        const end = clamp(r.end, start, n);
        if (!style || end <= start) continue;
        const voice = r.voice === 'narration' || Number.isInteger(r.voice) ? r.voice : undefined;
        const s = {
          id: this.spans.length, tech: style.index, score: Number(r.score) || 0, start, end, voice, doc,
          text: chars.slice(start, end).join(''), evidence: Array.isArray(r.evidence) ? r.evidence : [], on: true,
        };
        this.spans.push(s);
        doc.spans.push(s);
      }
      Slant.voices.prepare(doc, n);
      Slant.actors.prepare(doc, n);
      Slant.timeline.prepare(doc, n);
      this.docs.push(doc);
      const body = h('div', 'slant-text');
      body.dataset.doc = String(doc.index);
      const layers = [Slant.timeline.layer(doc), ...Slant.voices.layers(doc), ...Slant.actors.layers(doc),
        Slant.text.techniqueLayer(this, doc.spans, body)].filter(Boolean);
      Slant.text.drawText(body, chars, layers);
      this.listen(body);

      section.replaceChildren();
      section.append(h('h2', null, record.title || record.id || 'Article'));
      if (record.title && record.id) section.append(h('p', 'slant-id', record.id));
      const published = Slant.timeline.publishedLine(doc);
      if (published) section.append(published);
      const absent = [['who speaks', doc.voices], ['actors', doc.actors], ['timeline', doc.timeline]]
        .filter(([, reading]) => !reading).map(([name]) => name);
      if (absent.length < 3 && absent.length) {
        section.append(h('p', 'slant-hint', 'Not in this analysis: ' + absent.join(', ') + '.'));
      }
      section.append(this.summary(doc));
      const aside = h('aside', 'slant-aside');
      aside.setAttribute('aria-label', 'Sources and actors');
      for (const p of [Slant.voices.sourcesPanel(this, doc), Slant.actors.panel(this, doc)]) if (p) aside.append(p);
      // The text first, for keyboard and screen reader order; the panels
      // sit beside it on wide screens and follow it on narrow ones.
      const main = h('div', 'slant-body');
      main.append(body);
      if (aside.childElementCount) {
        main.classList.add('slant-with-aside');
        main.append(aside);
      }
      section.append(main);
      // After the text: its rows link back up into it.
      const timeline = Slant.timeline.panel(this, doc);
      if (timeline) section.append(timeline);
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
      const voices = Slant.voices.summaryBox(doc);
      if (voices) box.append(voices);
      return box;
    }

    listen(body) {
      const doc = this.docs[Number(body.dataset.doc)];
      const at = (e) => e.target.closest && e.target.closest('mark.slant-sp, .slant-v');
      body.addEventListener('mouseover', (e) => {
        const m = at(e);
        if (m) this.point(doc, m, null);
      });
      // Leaving the text goes back to the focused span's explanation, if
      // one is focused and its explanation was not dismissed with Escape.
      body.addEventListener('mouseleave', () => {
        const active = document.activeElement;
        if (!this.dismissed && body.contains(active) && active.matches('mark.slant-sp')) {
          this.point(doc, active, this.spans[Number(active.dataset.k)]);
        } else {
          this.hideTip();
        }
      });
      body.addEventListener('click', (e) => {
        const m = at(e);
        if (m) this.point(doc, m, null);
      });
      body.addEventListener('focusin', (e) => {
        const m = e.target.closest && e.target.closest('mark.slant-sp');
        this.dismissed = false;
        if (m) this.point(doc, m, this.spans[Number(m.dataset.k)]);
      });
      body.addEventListener('focusout', () => this.hideTip());
    }

    /* Explains `el`: every shown span covering it, `primary` (or the
       innermost) first; else the attribution it belongs to. */
    point(doc, el, primary) {
      const list = [];
      for (let e = el.closest('mark.slant-sp'); e && e.matches && e.matches('mark.slant-sp'); e = e.parentElement) {
        const s = this.spans[Number(e.dataset.k)];
        if (s && s.on && s !== primary) list.push(s);
      }
      if (primary && primary.on) list.unshift(primary);
      const v = !document.body.classList.contains('slant-hide-voices') && el.closest('.slant-v');
      const att = v && doc.voices ? doc.voices.attributions[Number(v.dataset.a)] : null;
      if (!list.length && !att) {
        this.hideTip();
        return;
      }
      this.setHot(list.length ? list[0].pieces : att.items.flatMap((it) => it.pieces));
      this.tip.replaceChildren(...(list.length ? list.map((s) => this.entry(s)) : [Slant.voices.entry(att)]));
      this.tip.hidden = false;
      this.place(el);
    }

    entry(s) {
      const style = this.techniques[s.tech];
      const d = h('div', 'slant-entry t' + s.tech);
      const head = h('div', 'slant-entry-head');
      head.append(swatch(style), h('strong', null, style.name), h('span', 'slant-score', percent(s.score) + ' confidence'));
      d.append(head, h('q', 'slant-quote', truncate(s.text, 240)), h('p', 'slant-def', style.definition));
      const whose = Slant.voices.whose(s.doc, s.voice);
      if (whose) d.append(h('p', 'slant-whose', whose));
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

    setHot(pieces) {
      for (const p of this.hot) p.classList.remove('slant-hot');
      this.hot = pieces || [];
      for (const p of this.hot) p.classList.add('slant-hot');
    }

    hideTip() {
      this.tip.hidden = true;
      this.setHot(null);
    }

    /* Marks `pick.items` in the text (or unmarks them, when `button` is the
       one pressed already), with Previous/Next buttons in `pick.host` that
       step through `pick.stops`. One pick at a time in a view. */
    select(button, pick) {
      const again = this.picked && this.picked.button === button;
      this.unpick();
      if (again) return;
      const p = Object.assign({ button, at: -1 }, pick);
      this.picked = p;
      button.setAttribute('aria-pressed', 'true');
      for (const it of p.items) for (const piece of it.pieces) piece.classList.add('slant-pick');
      p.nav = h('div', 'slant-nav');
      const say = h('span', 'slant-nav-at', plural(p.stops.length, p.noun, p.noun + 's') + ' marked');
      say.setAttribute('role', 'status');
      const step = (d) => {
        p.at = (p.at + d + p.stops.length) % p.stops.length;
        const it = p.stops[p.at];
        Slant.text.showItem(it);
        say.textContent = p.noun[0].toUpperCase() + p.noun.slice(1) + ' ' + (p.at + 1) + ' of ' + p.stops.length +
          ': “' + truncate(it.pieces.map((x) => x.textContent).join(''), 60) + '”';
      };
      const prev = h('button', null, '‹ Previous');
      const next = h('button', null, 'Next ›');
      prev.setAttribute('aria-label', 'Previous ' + p.noun);
      next.setAttribute('aria-label', 'Next ' + p.noun);
      for (const [b, d] of [[prev, -1], [next, 1]]) {
        b.type = 'button';
        b.disabled = !p.stops.length;
        b.addEventListener('click', () => step(d));
      }
      p.nav.append(prev, next, say);
      p.host.append(p.nav);
    }

    unpick() {
      const p = this.picked;
      if (!p) return;
      this.picked = null;
      p.button.setAttribute('aria-pressed', 'false');
      for (const it of p.items) for (const piece of it.pieces) piece.classList.remove('slant-pick');
      Slant.text.showItem(null);
      if (p.nav.contains(document.activeElement)) p.button.focus();
      p.nav.remove();
    }

    /* Builds the controls once every article is drawn. */
    finish() {
      const c = this.controls;
      c.replaceChildren();
      c.hidden = false;
      c.setAttribute('aria-label', 'Display controls');
      const row = h('div', 'slant-row');
      const slider = h('div', 'slant-slider');
      const id = 'slant-min-' + this.n;
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
      const tags = this.check('Show tags', true, (on) => document.body.classList.toggle('slant-hide-tags', !on));
      const reset = h('button', null, 'Show all');
      reset.type = 'button';
      reset.addEventListener('click', () => {
        this.hidden.clear();
        input.value = '0';
        out.textContent = '0%';
        this.minPct = 0;
        this.setVoiceMode('all');
        this.apply();
      });
      row.append(slider, tags, reset);
      const rows = [row];
      const voiced = this.spans.some((s) => s.voice !== undefined);
      const speakers = this.docs.some((d) => d.voices && d.voices.attributions.length);
      if (voiced || speakers) rows.push(this.voiceRow(voiced, speakers));
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
      c.append(...rows, this.legend);
      const overview = document.getElementById('slant-overview');
      if (overview) {
        const words = this.docs.reduce((sum, d) => sum + d.words, 0);
        const rate = words ? ((this.spans.length * 1000) / words).toFixed(1) : '0.0';
        overview.textContent = plural(this.docs.length, 'article', 'articles') + ', ' +
          plural(this.spans.length, 'span', 'spans') + ', ' + rate + ' per 1,000 words';
      }
      // Sticky panels and scrolled-to marks stay clear of the controls.
      const top = () => document.documentElement.style.setProperty('--slant-top', c.offsetHeight + 'px');
      if (window.ResizeObserver) new ResizeObserver(top).observe(c);
      top();
      this.apply();
    }

    check(text, on, change) {
      const label = h('label', 'slant-check');
      const box = h('input');
      box.type = 'checkbox';
      box.checked = on;
      box.addEventListener('change', () => change(box.checked));
      label.append(box, text);
      return label;
    }

    /* The narration/quoted switch and the key to the voice marks. */
    voiceRow(voiced, speakers) {
      const row = h('div', 'slant-row');
      if (voiced) {
        const set = h('fieldset', 'slant-voicefilter');
        set.append(h('legend', null, 'Technique spans in'));
        this.voiceInputs = [['all', 'all the text'], ['narration', 'narration only'], ['quoted', 'quotes only']].map(([value, text]) => {
          const label = h('label');
          const r = h('input');
          Object.assign(r, { type: 'radio', name: 'slant-voice-' + this.n, value, checked: value === 'all' });
          r.addEventListener('change', () => this.setVoiceMode(value));
          label.append(r, text);
          set.append(label);
          return r;
        });
        row.append(set);
      }
      if (speakers) {
        row.append(this.check('Mark who speaks', true, (on) => document.body.classList.toggle('slant-hide-voices', !on)));
        const key = h('span', 'slant-key');
        key.setAttribute('aria-hidden', 'true');
        key.append(h('span', 'slant-v slant-vq', 'quoted'), ' ', h('span', 'slant-v slant-vs', 'source'), ' ',
          h('span', 'slant-v slant-vc', 'cue'));
        row.append(key);
      }
      return row;
    }

    setVoiceMode(mode) {
      this.voiceMode = mode;
      for (const r of this.voiceInputs || []) r.checked = r.value === mode;
      this.apply();
    }

    /* Shows the spans whose technique is on, whose voice is the one asked
       for, and whose confidence, as shown (a whole percentage), is at least
       the slider's. */
    apply() {
      const shown = new Map();
      const mode = this.voiceMode;
      for (const s of this.spans) {
        const voiceOk = mode === 'all' || (mode === 'narration' ? s.voice === 'narration' : typeof s.voice === 'number');
        const on = voiceOk && !this.hidden.has(s.tech) && Math.round(s.score * 100) >= this.minPct;
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
      if (this.hot.length && this.hot[0].matches('mark.slant-sp.slant-off')) this.hideTip();
    }

    destroy() {
      document.removeEventListener('keydown', this.onKey);
      document.removeEventListener('click', this.onClick);
      this.unpick();
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

  Slant.View = View;
  if (document.body && document.body.dataset.slant === 'report') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startReport);
    else startReport();
  }
})();
