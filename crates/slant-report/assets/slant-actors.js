/* slant, part 4 of 6: the actors reading. Who the article is about: each
   actor with its alias set (every name and description used for it) and
   the labels pinned on it, in whose voice. Pressing an actor marks its
   mentions in the text; pressing a label marks where it is used. Marks
   are drawn only while picked (a highlighter background and a frame for
   mentions, an overline for label words), so the text stays calm.

   Reads record.actors; an article without it shows none of this. */
(function () {
  'use strict';

  const Slant = (window.Slant = window.Slant || {});
  const { h, list, piece, plural, truncate } = Slant.kit;

  const KINDS = { person: 'person', organisation: 'organisation', place: 'place', group: 'group' };
  // Actors listed before "Show all".
  const FIRST = 8;

  /* Reads record.actors into doc.actors (null when absent), with the
     mentions and label uses as text items. */
  function prepare(doc, n) {
    const rec = doc.record;
    if (!Array.isArray(rec.actors)) {
      doc.actors = null;
      return;
    }
    doc.mentions = [];
    doc.labelUses = [];
    doc.actors = rec.actors.filter((a) => a && typeof a === 'object').map((a, index) => {
      const actor = {
        index, name: String(a.name || ''), kind: KINDS[a.kind] || 'actor',
        aliases: list(a.aliases).filter((x) => x && x.text), titles: list(a.titles).map(String),
        note: a.ambiguous && a.ambiguous.note ? String(a.ambiguous.note) : '', mentions: [], labels: [],
      };
      for (const m of list(a.mentions)) {
        const p = piece(m, n);
        if (p) actor.mentions.push(Object.assign(p, { actor, how: String(m.how || '') }));
      }
      for (const l of list(a.labels)) {
        if (!l || !l.text) continue;
        const label = { text: String(l.text), count: Number(l.count) || 0, voice: l.voice, uses: [],
          techniques: list(l.techniques) };
        for (const u of list(l.uses)) {
          const p = piece(u, n);
          if (p) label.uses.push(Object.assign(p, { actor, label }));
        }
        actor.labels.push(label);
      }
      for (const m of actor.mentions) m.m = doc.mentions.push(m) - 1;
      for (const l of actor.labels) doc.labelUses.push(...l.uses);
      return actor;
    });
  }

  /* The text layers: mentions, then label words inside them. */
  function layers(doc) {
    if (!doc.actors) return [];
    const { spanLayer } = Slant.text;
    return [
      spanLayer(doc.mentions, 'slant-am', (el, it) => {
        el.dataset.actor = String(it.actor.index);
        el.dataset.m = String(it.m);
      }),
      spanLayer(doc.labelUses, 'slant-al'),
    ];
  }

  /* "terrorist ×5, in narration" as a pressable chip. */
  function labelChip(view, doc, label, host) {
    const b = Slant.kit.toggle('slant-chip slant-label');
    b.append(h('span', 'slant-label-word', truncate(label.text, 40)), ' ×' + label.count);
    const whose = label.voice === 'narration' ? 'narration'
      : (doc.voices && doc.voices.attributions[label.voice] && 'quoting ' +
        truncate(doc.voices.attributions[label.voice].name || 'a source', 28)) || '';
    if (whose) b.append(h('span', 'slant-chip-meta', whose));
    const names = label.techniques.map((t) => view.byLabel.get(t)).filter(Boolean).map((s) => s.name);
    b.title = '“' + label.text + '”, ' + plural(label.count, 'use', 'uses') + (whose ? ', ' + whose : '') +
      (names.length ? '; flagged as ' + names.join(', ') : '');
    b.setAttribute('aria-label', b.title);
    b.disabled = !label.uses.length;
    b.addEventListener('click', () => view.select(b, { items: label.uses, stops: label.uses, host, noun: 'use' }));
    return b;
  }

  function actorItem(view, doc, actor) {
    const li = h('li', 'slant-actor');
    const b = Slant.kit.toggle('slant-pick-btn');
    b.append(h('span', 'slant-pick-name', truncate(actor.name || 'unnamed', 80)), ' ',
      h('span', 'slant-kind slant-kind-' + actor.kind, actor.kind),
      h('span', 'slant-pick-meta', plural(actor.mentions.length, 'mention', 'mentions')));
    b.disabled = !actor.mentions.length;
    b.addEventListener('click', () => view.select(b, { items: actor.mentions.concat(...actor.labels.map((l) => l.uses)),
      stops: actor.mentions, host: li, noun: 'mention' }));
    li.append(b);
    const others = actor.aliases.filter((a) => a.text !== actor.name);
    if (others.length || actor.titles.length) {
      const p = h('p', 'slant-aliases');
      p.append(h('span', 'slant-what', 'Called '));
      const shown = others.slice(0, 8);
      shown.forEach((a, i) => {
        if (i) p.append(', ');
        p.append(h('span', 'slant-alias', truncate(String(a.text), 48)), ' ×' + (Number(a.count) || 0));
      });
      if (others.length > shown.length) p.append(', and ' + (others.length - shown.length) + ' more');
      if (actor.titles.length) p.append((shown.length ? '; ' : '') + 'titled ' + actor.titles.map((t) => truncate(t, 30)).join(', '));
      li.append(p);
    }
    if (actor.labels.length) {
      const p = h('p', 'slant-labels');
      p.append(h('span', 'slant-what', 'Labelled '));
      for (const l of actor.labels) p.append(labelChip(view, doc, l, li), ' ');
      li.append(p);
    }
    if (actor.note) li.append(h('p', 'slant-hint', 'Kept apart: ' + actor.note));
    return li;
  }

  /* The actors panel; null without the reading. */
  function panel(view, doc) {
    if (!doc.actors) return null;
    const p = Slant.kit.panel('slant-actors', 'Actors (' + doc.actors.length + ')');
    if (!doc.actors.length) {
      p.append(h('p', 'slant-hint', 'No person, organisation, place or group found.'));
      return p;
    }
    p.append(h('p', 'slant-hint', 'Press a name to mark its mentions (and its labels, overlined); press a label to mark its uses.'));
    const ul = h('ul', 'slant-picks');
    const items = doc.actors.map((a) => actorItem(view, doc, a));
    items.forEach((li, i) => {
      li.hidden = i >= FIRST;
      ul.append(li);
    });
    p.append(ul);
    if (items.length > FIRST) {
      const more = h('button', 'slant-more', 'Show all ' + items.length + ' actors');
      more.type = 'button';
      more.setAttribute('aria-expanded', 'false');
      more.addEventListener('click', () => {
        const open = more.getAttribute('aria-expanded') !== 'true';
        items.forEach((li, i) => {
          li.hidden = !open && i >= FIRST && !li.contains(document.activeElement);
        });
        more.setAttribute('aria-expanded', String(open));
        more.textContent = open ? 'Show the first ' + FIRST + ' actors' : 'Show all ' + items.length + ' actors';
      });
      p.append(more);
    }
    return p;
  }

  Slant.actors = { prepare, layers, panel };
})();
