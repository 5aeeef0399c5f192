/* slant: the web page's form. Sends the text to POST /api/analyze and draws
   the answer with slant.js, the same code as the HTML report. */
(function () {
  'use strict';

  // Refuse to load files that could not possibly be an article.
  const MAX_FILE_BYTES = 16 * 1024 * 1024;

  const form = document.getElementById('slant-form');
  const input = document.getElementById('slant-input');
  const title = document.getElementById('slant-title');
  const threshold = document.getElementById('slant-threshold');
  const published = document.getElementById('slant-published');
  const file = document.getElementById('slant-file');
  const button = document.getElementById('slant-analyze');
  const statusLine = document.getElementById('slant-status');
  const controls = document.getElementById('slant-controls');
  const results = document.getElementById('slant-results');
  let techniques = null;
  let view = null;

  function say(message, isError) {
    statusLine.textContent = message;
    statusLine.classList.toggle('slant-error', Boolean(isError));
  }

  async function json(response) {
    try {
      return await response.json();
    } catch (e) {
      return null;
    }
  }

  file.addEventListener('change', async () => {
    const f = file.files && file.files[0];
    if (!f) return;
    if (f.size > MAX_FILE_BYTES) {
      say(f.name + ' is too large to be an article.', true);
      return;
    }
    input.value = await f.text();
    if (!title.value.trim()) title.value = f.name.replace(/\.[^.]*$/, '');
    say('Loaded ' + f.name + '. Press Analyze.');
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) {
      say('Paste an article or open a text file first.', true);
      input.focus();
      return;
    }
    const body = { text };
    if (title.value.trim()) body.title = title.value.trim();
    if (threshold.value.trim()) {
      const t = Number(threshold.value.trim());
      if (!(t >= 0 && t <= 1)) {
        say('The threshold must be a number from 0 to 1.', true);
        threshold.focus();
        return;
      }
      body.threshold = t;
    }
    if (published.value) body.published = published.value;
    button.disabled = true;
    say('Analysing…');
    try {
      if (!techniques) {
        const r = await fetch('/api/techniques');
        techniques = r.ok ? await json(r) : null;
        if (!Array.isArray(techniques)) throw new Error('no technique table');
      }
      const response = await fetch('/api/analyze', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const data = await json(response);
      if (!response.ok || !data || !Array.isArray(data.articles) || !data.articles.length) {
        say((data && data.message) || 'The server answered ' + response.status + '.', true);
        return;
      }
      show(text, data);
    } catch (e) {
      say('Could not reach the server (' + e.message + ').', true);
    } finally {
      button.disabled = false;
    }
  });

  function show(text, data) {
    if (view) view.destroy();
    results.replaceChildren();
    const record = data.articles[0];
    const model = data.model || {};
    const note = document.createElement('p');
    note.className = 'slant-model';
    note.textContent = 'Model: ' + (model.name || '?') + ' (' + (model.kind || '?') + '). ' + (model.description || '');
    results.append(note);
    if (model.kind !== 'trained') {
      const warn = document.createElement('p');
      warn.className = 'slant-warning';
      warn.textContent = 'This model is not trained: its output is a keyword list, not a result.';
      results.append(warn);
    }
    const section = document.createElement('section');
    section.className = 'slant-doc';
    results.append(section);
    view = new window.Slant.View(controls, techniques);
    // Without a title, the heading says whose article it is, not its API id.
    view.addArticle(section, text, Object.assign({}, record, record.title ? {} : { title: 'Your article', id: '' }));
    view.finish();
    controls.scrollIntoView({ block: 'start' });
    const n = record.spans.length;
    say('Found ' + n + (n === 1 ? ' span.' : ' spans.') + ' Hover over or tab to a span to see why it was flagged.');
  }
})();
