/* slant, part 3 of 6: the voices reading. Who says what: each
   attribution's cue ("said"), source ("Maryam Sanjabi") and content (what
   is attributed) marked in the text, distinct from technique marks (a
   tint with a speaker tag for content, a solid frame for sources, a dotted
   frame for cues); the "Who speaks" figures; and the list of sources,
   each pressable to mark what it is credited with.

   Reads record.attributions, record.sources and record.summary.voices; an
   article without them (older JSON, --readings techniques) shows none of
   this. */
(function () {
  'use strict';

  const Slant = (window.Slant = window.Slant || {});
  const { h, list, piece, percent, share, plural, truncate } = Slant.kit;

  const KINDS = {
    direct: 'direct quote',
    indirect: 'reported speech',
    according_to: '“according to”',
    other: 'attributed',
  };

  const SOURCE_KINDS = {
    person: 'person',
    organisation: 'organisation',
    document: 'document',
    vague: 'vague',
    anonymous: 'anonymous',
    pronoun: 'pronoun',
  };

  /* Reads the voices of `doc.record` (an article of `n` code points) into
     doc.voices: null when the reading is absent. */
  function prepare(doc, n) {
    const rec = doc.record;
    if (!Array.isArray(rec.attributions)) {
      doc.voices = null;
      return;
    }
    const sources = list(rec.sources).filter((s) => s && typeof s === 'object');
    // An attribution is named after the source summary that counts it
    // (pronouns and surnames count for the fullest name).
    const named = new Map();
    sources.forEach((s) => {
      for (const i of list(s.indices)) if (!named.has(i)) named.set(i, String(s.text || ''));
    });
    const content = [];
    const speakers = [];
    const attributions = rec.attributions.map((a, index) => {
      a = a && typeof a === 'object' ? a : {};
      const src = a.source && typeof a.source === 'object' ? a.source : null;
      const name = named.get(index) || (src && ((src.refers_to && src.refers_to.text) || src.text)) || '';
      const att = {
        index, name: String(name), kind: KINDS[a.kind] ? a.kind : 'other', score: Number(a.score) || 0,
        cue: a.cue && a.cue.text ? String(a.cue.text) : '', source: src ? String(src.text || '') : '',
        sourceKind: src && SOURCE_KINDS[src.kind] ? src.kind : '', items: [],
      };
      list(a.content).forEach((c, k) => {
        const p = piece(c, n);
        if (p) content.push(Object.assign(p, { att, role: 'content', lead: k === 0 }));
      });
      for (const [role, part] of [['source', src], ['cue', a.cue]]) {
        const p = piece(part, n);
        if (p) speakers.push(Object.assign(p, { att, role }));
      }
      return att;
    });
    for (const it of content.concat(speakers)) it.att.items.push(it);
    for (const att of attributions) att.items.sort((x, y) => x.start - y.start);
    doc.voices = { attributions, sources, content, speakers, summary: (rec.summary && rec.summary.voices) || null };
  }

  /* The two text layers: quoted content (outer), then sources and cues. */
  function layers(doc) {
    if (!doc.voices) return [];
    const { spanLayer } = Slant.text;
    const mark = (el, it) => {
      el.dataset.a = String(it.att.index);
    };
    return [
      spanLayer(doc.voices.content, 'slant-v slant-vq', (el, it, first) => {
        mark(el, it);
        if (first && it.lead) {
          const who = it.att.name ? truncate(it.att.name, 24) : 'unnamed';
          el.append(Slant.kit.tag('slant-who', who));
        }
      }),
      spanLayer(doc.voices.speakers, 'slant-v', (el, it) => {
        el.classList.add(it.role === 'source' ? 'slant-vs' : 'slant-vc');
        mark(el, it);
      }),
    ];
  }

  /* Whose words a technique span is, in plain words; '' when unknown. */
  function whose(doc, voice) {
    if (voice === 'narration') return 'In the outlet’s own words (narration).';
    const att = doc.voices && doc.voices.attributions[voice];
    if (typeof voice !== 'number' || !att) return '';
    return 'Inside what the article attributes to ' + (att.name || 'an unnamed source') + ' (' + KINDS[att.kind] + ').';
  }

  /* The explanation of one attribution, for the tip. */
  function entry(att) {
    const d = h('div', 'slant-entry slant-entry-voice');
    const head = h('div', 'slant-entry-head');
    head.append(h('span', 'slant-voice-key slant-vq', '❝'), h('strong', null, KINDS[att.kind]),
      h('span', 'slant-score', percent(att.score) + ' confidence'));
    d.append(head);
    const p = h('p', 'slant-def');
    p.append('Source: ', h('strong', null, att.name || 'not named'));
    if (att.cue) p.append('; cue: “' + truncate(att.cue, 40) + '”');
    d.append(p);
    return d;
  }

  /* The "Who speaks" figures for the summary; null without the reading. */
  function summaryBox(doc) {
    const v = doc.voices;
    if (!v) return null;
    const box = h('div', 'slant-voices-box');
    box.append(h('h3', null, 'Who speaks'));
    const s = v.summary || {};
    if (typeof s.narration_share === 'number') {
      const p = h('p');
      p.append(h('span', 'slant-stat', percent(s.narration_share)), ' of flagged spans are the outlet’s own words');
      box.append(p);
    }
    if (!v.attributions.length) {
      box.append(h('p', null, 'No attribution found: the whole text reads as narration.'));
      return box;
    }
    const quoted = h('p');
    quoted.append(h('span', 'slant-stat', percent(s.quoted_share)),
      ' of the text is attributed (' + plural(v.attributions.length, 'attribution', 'attributions') + ')');
    box.append(quoted);
    if (s.main_source) {
      const main = h('p');
      main.append('Main source: ', h('strong', null, s.main_source), ', ' + percent(s.main_source_share) + ' of what is attributed');
      box.append(main);
    }
    if (s.rests_on_one_source) {
      box.append(h('p', 'slant-alert', '⚠ What the article attributes rests mostly on this one source.'));
    }
    return box;
  }

  /* The sources, each pressable to mark what it is credited with; null
     without the reading or without sources. */
  function sourcesPanel(view, doc) {
    const v = doc.voices;
    if (!v || !v.attributions.length) return null;
    const p = Slant.kit.panel('slant-sources', 'Sources (' + v.sources.length + ')');
    if (!v.sources.length) {
      p.append(h('p', 'slant-hint', 'The attributions name no source.'));
      return p;
    }
    p.append(h('p', 'slant-hint', 'Press a source to mark what the article credits it with.'));
    const ul = h('ul', 'slant-picks');
    for (const s of v.sources) {
      const atts = list(s.indices).map((i) => v.attributions[i]).filter(Boolean);
      const items = atts.flatMap((a) => a.items).sort((x, y) => x.start - y.start);
      const li = h('li');
      const b = Slant.kit.toggle('slant-pick-btn');
      const kind = SOURCE_KINDS[s.kind] || 'source';
      b.append(h('span', 'slant-pick-name', truncate(String(s.text || 'unnamed'), 80)), ' ',
        h('span', 'slant-kind slant-kind-' + kind, kind));
      const meta = h('span', 'slant-pick-meta',
        plural(Number(s.attributions) || atts.length, 'attribution', 'attributions') + ' · ' +
          share(s.content_share) + ' of what is attributed');
      b.append(meta);
      // Step through its attributions, marking every piece of each.
      const stops = atts.map((a) => a.items[0]).filter(Boolean);
      b.addEventListener('click', () => view.select(b, { items, stops, host: li, noun: 'attribution' }));
      if (!items.length) b.disabled = true;
      li.append(b);
      ul.append(li);
    }
    p.append(ul);
    return p;
  }

  Slant.voices = { prepare, layers, whose, entry, summaryBox, sourcesPanel, KINDS };
})();
