/* slant, part 2 of 6: drawing an article's text with every reading marked.
   Offsets are Unicode code points, as in the analysis JSON.

   The text is cut at every boundary of every marked item; each segment is
   wrapped in one element per item covering it, nested by layer (outermost
   first: timeline claims, quoted content, sources and cues, actor mentions,
   technique spans). Technique spans get a lane each (greedy interval
   colouring) and draw their underline that many steps below the text, so
   overlapping and nested spans all stay visible. Tags are drawn by CSS
   from data attributes: the drawn text is exactly the article. */
(function () {
  'use strict';

  const Slant = (window.Slant = window.Slant || {});

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

  /* Draws `chars` into `container`. Each layer is {items, make(item,
     first), inner?(a, b)}: `make` gives the element wrapping one segment of
     an item (`first` for its first segment); `inner` orders the items of
     one layer covering a segment, innermost first (by default the one
     starting last, then the shortest). Every item gets `pieces` (its
     elements, in text order) and `first`. */
  function drawText(container, chars, layers) {
    const entries = [];
    layers.forEach((layer, depth) => {
      for (const it of layer.items) {
        it.pieces = [];
        it.first = null;
        entries.push({ it, layer, depth });
      }
    });
    entries.sort((a, b) => a.it.start - b.it.start);
    const cuts = new Set([0, chars.length]);
    for (const e of entries) {
      cuts.add(e.it.start);
      cuts.add(e.it.end);
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const byDefault = (x, y) => y.start - x.start || x.end - y.end;
    const frag = document.createDocumentFragment();
    let active = [];
    let next = 0;
    for (let p = 0; p + 1 < points.length; p++) {
      const a = points[p];
      const b = points[p + 1];
      active = active.filter((e) => e.it.end > a);
      while (next < entries.length && entries[next].it.start === a) active.push(entries[next++]);
      const order = active.slice().sort((x, y) => {
        if (x.depth !== y.depth) return y.depth - x.depth;
        return (x.layer.inner || byDefault)(x.it, y.it);
      });
      let node = document.createTextNode(chars.slice(a, b).join(''));
      for (const e of order) {
        const first = e.it.start === a;
        const el = e.layer.make(e.it, first);
        el.append(node);
        e.it.pieces.push(el);
        if (first) e.it.first = el;
        node = el;
      }
      frag.append(node);
    }
    for (const e of entries) {
      if (!e.layer.ends || !e.it.pieces.length) continue;
      e.it.pieces[0].classList.add('slant-first');
      e.it.pieces[e.it.pieces.length - 1].classList.add('slant-last');
    }
    container.append(frag);
  }

  /* The technique layer: one <mark> per piece, a tag on the first. */
  function techniqueLayer(view, spans, container) {
    const items = spans.slice().sort((a, b) => a.start - b.start || b.end - a.end || a.tech - b.tech);
    container.style.setProperty('--lanes', String(Math.max(1, assignLanes(items))));
    return {
      items,
      inner: (x, y) => y.lane - x.lane,
      make(it, first) {
        const m = Slant.kit.h('mark', 'slant-sp t' + it.tech);
        m.style.setProperty('--k', String(it.lane));
        m.dataset.k = String(it.id);
        if (first) {
          m.append(Slant.kit.tag('slant-tag t' + it.tech, view.techniques[it.tech].abbr));
          m.tabIndex = 0;
          m.setAttribute('aria-describedby', view.tip.id);
        }
        return m;
      },
    };
  }

  /* A layer of plain <span class="…"> pieces; `decorate(el, it, first)`
     adds what else a piece needs. Its items' first and last pieces are
     classed slant-first and slant-last, so that a frame drawn around an
     item cut into pieces is open between them. */
  function spanLayer(items, className, decorate) {
    return {
      items,
      ends: true,
      make(it, first) {
        const el = Slant.kit.h('span', className);
        if (decorate) decorate(el, it, first);
        return el;
      },
    };
  }

  /* Marks `item` (all its pieces) as the one shown, until another is, and
     scrolls it into view; `null` unmarks. */
  let target = null;
  function showItem(item) {
    if (target) for (const p of target.pieces) p.classList.remove('slant-target');
    target = item && item.first ? item : null;
    if (!target) return;
    for (const p of target.pieces) p.classList.add('slant-target');
    target.first.scrollIntoView({ block: 'center', behavior: 'auto' });
  }

  /* Shows `item` and moves focus to it (its first piece). */
  function focusItem(item) {
    showItem(item);
    if (!target) return;
    if (!target.first.hasAttribute('tabindex')) target.first.tabIndex = -1;
    target.first.focus({ preventScroll: true });
  }

  Slant.text = { drawText, techniqueLayer, spanLayer, showItem, focusItem };
})();
