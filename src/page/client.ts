/**
 * The page's script, as text: served at /craft.js by craft serve, inlined by craft build and craft simulate
 * --html. Plain ES2020 for the browser, no dependency but mermaid (from node_modules, never a CDN). What it
 * puts in the page from the model is set as text (textContent), or is markup the server escaped (the view
 * list, the overlay, a simulation's result) or mermaid rendered with securityLevel strict.
 *
 * It marks its progress on <body> for people and tests alike: data-rendered (yes, error), data-view,
 * data-version (the model reload shown).
 */
export const clientScript = String.raw`(function () {
  'use strict';
  var body = document.body;
  var mode = body.dataset.mode;
  var stateElement = document.getElementById('craft-state');
  var state = stateElement ? JSON.parse(stateElement.textContent || '{}') : {};
  var mermaidReady = false;
  var renderQueue = Promise.resolve();
  var renderCount = 0;

  var uniqueCount = 0;

  /**
   * Mermaid names some markers the same in every diagram (arrowhead...); with several diagrams in one
   * document, url(#arrowhead) would point into whichever came first, hidden or not. Each SVG gets its own.
   */
  function ownMarkers(svg) {
    if (!svg) return;
    uniqueCount += 1;
    var prefix = 'u' + uniqueCount + '-';
    var renamed = {};
    svg.querySelectorAll('marker[id]').forEach(function (m) {
      renamed[m.id] = prefix + m.id;
      m.id = prefix + m.id;
    });
    if (Object.keys(renamed).length === 0) return;
    svg.querySelectorAll('[marker-start], [marker-mid], [marker-end]').forEach(function (n) {
      ['marker-start', 'marker-mid', 'marker-end'].forEach(function (a) {
        var v = n.getAttribute(a);
        var m = v && /^url\(#(.+)\)$/.exec(v);
        if (m && renamed[m[1]]) n.setAttribute(a, 'url(#' + renamed[m[1]] + ')');
      });
    });
  }

  /** Mermaid draws 100% wide with a max-width; in a zoomable stage the diagram keeps its own size. */
  function naturalSize(svg) {
    if (!svg) return;
    var box = (svg.getAttribute('viewBox') || '').trim().split(/[\s,]+/).map(Number);
    if (box.length === 4 && box[2] > 0 && box[3] > 0) {
      svg.setAttribute('width', String(Math.ceil(box[2])));
      svg.setAttribute('height', String(Math.ceil(box[3])));
    }
    svg.style.maxWidth = 'none';
  }

  function initMermaid() {
    if (mermaidReady || typeof mermaid === 'undefined') return mermaidReady;
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', maxTextSize: 10000000, maxEdges: 100000, suppressErrorRendering: true, sequence: { useMaxWidth: false }, flowchart: { useMaxWidth: false } });
    mermaidReady = true;
    return true;
  }

  /** Renders mermaid text to SVG markup, one diagram at a time (mermaid keeps global state). */
  function renderMermaid(text) {
    var job = renderQueue.then(function () {
      if (!initMermaid()) throw new Error('mermaid is not loaded');
      renderCount += 1;
      return mermaid.render('craft-diagram-' + renderCount, text).then(function (r) { return r.svg; });
    });
    renderQueue = job.catch(function () { return undefined; });
    return job;
  }

  function renderDiagramsIn(root) {
    var blocks = Array.prototype.slice.call(root.querySelectorAll('.diagram pre.mermaid'));
    return Promise.all(blocks.map(function (pre) {
      return renderMermaid(pre.textContent || '').then(function (svg) {
        var holder = pre.parentNode;
        holder.innerHTML = svg;
        ownMarkers(holder.querySelector('svg'));
      });
    }));
  }

  if (mode === 'report') {
    renderDiagramsIn(document).then(
      function () { body.dataset.rendered = 'yes'; },
      function (e) { body.dataset.rendered = 'error'; console.error('diagram: ' + e); }
    );
    return;
  }

  var nav = document.getElementById('views');
  var viewPane = document.getElementById('view-pane');
  var simPane = document.getElementById('simulation-pane');
  var canvas = document.getElementById('canvas');
  var stage = document.getElementById('stage');
  var viewTitle = document.getElementById('view-title');
  var zoomLabel = document.getElementById('zoom-level');
  var details = document.getElementById('details');
  var overlay = document.getElementById('overlay');
  var status = document.getElementById('status');
  var transforms = {};
  var current = null;
  var shownVersion = -1;
  var shownText = null;

  function viewById(id) {
    for (var i = 0; i < state.views.length; i++) if (state.views[i].id === id) return state.views[i];
    return null;
  }

  function entryFromHash() {
    var h = decodeURIComponent(location.hash.replace(/^#/, ''));
    if (h.indexOf('view=') === 0 && viewById(h.slice(5))) return h.slice(5);
    if (h === 'simulation' && mode === 'live') return 'simulation';
    if (h.indexOf('simulation=') === 0 && document.querySelector('[data-simulation="' + cssEscape(h.slice(11)) + '"]')) return h;
    return state.views.length > 0 ? state.views[0].id : (mode === 'live' ? 'simulation' : null);
  }

  function cssEscape(s) { return window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, '\\$&'); }

  function markCurrent() {
    var links = nav.querySelectorAll('a[data-entry]');
    for (var i = 0; i < links.length; i++) links[i].setAttribute('aria-current', links[i].dataset.entry === current ? 'true' : 'false');
  }

  function show(entry, keep) {
    current = entry;
    markCurrent();
    if (entry === null) return;
    if (entry === 'simulation' || entry.indexOf('simulation=') === 0) {
      viewPane.hidden = true;
      simPane.hidden = false;
      closeDetails();
      if (entry.indexOf('simulation=') === 0) {
        var id = entry.slice(11);
        var all = simPane.querySelectorAll('[data-simulation]');
        for (var i = 0; i < all.length; i++) all[i].hidden = all[i].dataset.simulation !== id;
      }
      body.dataset.view = entry;
      return;
    }
    simPane.hidden = true;
    viewPane.hidden = false;
    renderView(viewById(entry), keep);
  }

  function renderView(view, keep) {
    if (!view) return;
    viewTitle.textContent = view.title;
    var text = view.mermaid;
    if (keep && shownText === text && body.dataset.view === view.id) {
      body.dataset.version = String(state.version);
      return;
    }
    var svgPromise = view.svg !== undefined ? Promise.resolve(view.svg) : renderMermaid(text);
    var version = state.version;
    svgPromise.then(function (svg) {
      if (current !== view.id) return;
      stage.innerHTML = svg;
      naturalSize(stage.querySelector('svg'));
      ownMarkers(stage.querySelector('svg'));
      shownText = text;
      markParticipants();
      if (!keep || !transforms[view.id]) fit(view.id);
      else applyTransform();
      body.dataset.view = view.id;
      body.dataset.version = String(version);
      body.dataset.rendered = 'yes';
    }, function (e) {
      if (current !== view.id) return;
      stage.innerHTML = '';
      var p = document.createElement('p');
      p.className = 'view-error';
      p.textContent = 'mermaid could not draw this view: ' + (e && e.message ? e.message : String(e));
      stage.appendChild(p);
      shownText = null;
      body.dataset.view = view.id;
      body.dataset.rendered = 'error';
      console.error('view ' + view.id + ': ' + (e && e.message ? e.message : String(e)));
    });
  }

  // Pan and zoom: a CSS transform on the stage, kept per view across reloads.
  function transformOf() {
    if (!transforms[current]) transforms[current] = { x: 0, y: 0, k: 1 };
    return transforms[current];
  }
  function applyTransform() {
    var t = transformOf();
    stage.style.transform = 'translate(' + t.x + 'px,' + t.y + 'px) scale(' + t.k + ')';
    zoomLabel.textContent = Math.round(t.k * 100) + '%';
  }
  /** The diagram's own size (set by naturalSize), plus the stage's padding. */
  function svgSize() {
    var svg = stage.querySelector('svg');
    if (!svg) return null;
    var w = parseFloat(svg.getAttribute('width') || '');
    var h = parseFloat(svg.getAttribute('height') || '');
    if (!(w > 0 && h > 0)) {
      stage.style.transform = 'none';
      var box = svg.getBoundingClientRect();
      w = box.width;
      h = box.height;
    }
    return { w: w + 32, h: h + 32 };
  }
  /** Fits the width (a tall sequence stays legible and pans down), never enlarging. */
  function fit(id) {
    transforms[id] = { x: 0, y: 0, k: 1 };
    var size = svgSize();
    if (size) {
      var k = Math.max(0.1, Math.min(1, canvas.clientWidth / size.w));
      transforms[id] = { x: Math.max(0, (canvas.clientWidth - size.w * k) / 2), y: 0, k: k };
    }
    applyTransform();
  }
  function zoomAt(factor, cx, cy) {
    var t = transformOf();
    var k = Math.min(8, Math.max(0.05, t.k * factor));
    t.x = cx - (cx - t.x) * (k / t.k);
    t.y = cy - (cy - t.y) * (k / t.k);
    t.k = k;
    applyTransform();
  }
  canvas.addEventListener('wheel', function (e) {
    e.preventDefault();
    var r = canvas.getBoundingClientRect();
    zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  var drag = null;
  canvas.addEventListener('pointerdown', function (e) {
    if (e.button !== 0) return;
    var t = transformOf();
    drag = { x: e.clientX, y: e.clientY, tx: t.x, ty: t.y, moved: false };
  });
  window.addEventListener('pointermove', function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true;
    canvas.classList.add('dragging');
    var t = transformOf();
    t.x = drag.tx + dx;
    t.y = drag.ty + dy;
    applyTransform();
  });
  window.addEventListener('pointerup', function () {
    canvas.classList.remove('dragging');
    setTimeout(function () { drag = null; }, 0);
  });

  document.querySelector('.toolbar').addEventListener('click', function (e) {
    var button = e.target.closest('button');
    if (!button) return;
    if (button.dataset.zoom === 'in') zoomAt(1.25, canvas.clientWidth / 2, canvas.clientHeight / 2);
    else if (button.dataset.zoom === 'out') zoomAt(0.8, canvas.clientWidth / 2, canvas.clientHeight / 2);
    else if (button.dataset.zoom === 'fit') fit(current);
    else if (button.dataset.zoom === 'actual') { transforms[current] = { x: 0, y: 0, k: 1 }; applyTransform(); }
    else if (button.dataset.export) exportView(button.dataset.export);
  });

  // Export: the SVG as shown, a PNG drawn from it, or the Mermaid source.
  function download(name, blob) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }
  function svgText() {
    var svg = stage.querySelector('svg');
    if (!svg) return null;
    var copy = svg.cloneNode(true);
    var box = svg.getBoundingClientRect();
    var k = transformOf().k;
    copy.setAttribute('width', String(Math.ceil(box.width / k)));
    copy.setAttribute('height', String(Math.ceil(box.height / k)));
    copy.style.maxWidth = '';
    copy.querySelectorAll('.selected-participant').forEach(function (n) { n.classList.remove('selected-participant'); });
    return new XMLSerializer().serializeToString(copy);
  }
  function exportView(kind) {
    var view = viewById(current);
    if (!view) return;
    if (kind === 'mmd') return download(view.id + '.mmd', new Blob([view.mermaid], { type: 'text/plain' }));
    var text = svgText();
    if (!text) return;
    if (kind === 'svg') return download(view.id + '.svg', new Blob([text], { type: 'image/svg+xml' }));
    var img = new Image();
    img.onload = function () {
      var c = document.createElement('canvas');
      c.width = img.naturalWidth * 2;
      c.height = img.naturalHeight * 2;
      var g = c.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, c.width, c.height);
      g.scale(2, 2);
      g.drawImage(img, 0, 0);
      try {
        c.toBlob(function (b) { if (b) download(view.id + '.png', b); });
      } catch (err) {
        alert('This browser does not allow a PNG of this diagram; export it as SVG instead.');
      }
    };
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
  }

  // Participants: a click on one shows where it is declared and what it does.
  function squash(s) { return (s || '').replace(/\s+/g, ''); }
  function markParticipants() {
    var names = {};
    state.participants.forEach(function (p, i) {
      var key = squash(p.name);
      (names[key] = names[key] || []).push(i);
    });
    var labels = stage.querySelectorAll('text, .nodeLabel, foreignObject div');
    for (var i = 0; i < labels.length; i++) {
      var hits = names[squash(labels[i].textContent)];
      if (!hits) continue;
      var group = labels[i].closest('g.node') || labels[i].closest('g');
      if (!group || group.dataset.participants) continue;
      group.classList.add('participant-hit');
      group.dataset.participants = hits.join(',');
    }
  }
  stage.addEventListener('click', function (e) {
    if (drag && drag.moved) return;
    var group = e.target.closest('.participant-hit');
    stage.querySelectorAll('.selected-participant').forEach(function (n) { n.classList.remove('selected-participant'); });
    if (!group) { closeDetails(); return; }
    group.classList.add('selected-participant');
    showDetails(group.dataset.participants.split(',').map(function (i) { return state.participants[Number(i)]; }));
  });
  function element(tag, text, className) {
    var n = document.createElement(tag);
    if (text !== undefined) n.textContent = text;
    if (className) n.className = className;
    return n;
  }
  function showDetails(list) {
    details.replaceChildren();
    var close = element('button', '\u00d7', 'close');
    close.setAttribute('aria-label', 'close');
    close.addEventListener('click', closeDetails);
    details.appendChild(close);
    list.forEach(function (p) {
      details.appendChild(element('h2', p.name));
      details.appendChild(element('p', p.kind, 'kind'));
      details.appendChild(element('h3', 'Declared at'));
      var where = element('p');
      where.appendChild(p.declared ? element('code', p.declared) : element('span', 'not declared (used in use cases only)'));
      details.appendChild(where);
      p.facts.forEach(function (f) {
        details.appendChild(element('h3', f.label));
        var ul = element('ul');
        if (f.values.length === 0) ul.appendChild(element('li', 'nothing'));
        f.values.forEach(function (v) { ul.appendChild(element('li', v)); });
        details.appendChild(ul);
      });
    });
    details.hidden = false;
  }
  function closeDetails() {
    details.hidden = true;
    stage.querySelectorAll('.selected-participant').forEach(function (n) { n.classList.remove('selected-participant'); });
  }
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') closeDetails(); });

  nav.addEventListener('click', function (e) {
    var a = e.target.closest('a[data-entry]');
    if (!a) return;
    e.preventDefault();
    history.replaceState(null, '', a.getAttribute('href'));
    show(entryFromHash(), false);
  });
  window.addEventListener('hashchange', function () { show(entryFromHash(), false); });

  // The live page: reloads over server-sent events, simulations on the server.
  function setStatus() {
    if (!status) return;
    var errors = state.errorCount || 0;
    status.className = 'status ' + (errors > 0 ? 'errors' : 'live');
    status.textContent = errors > 0 ? errors + (errors === 1 ? ' error' : ' errors') + ': showing the last good model' : 'live';
  }
  function applyState(next) {
    var entry = current;
    state = next;
    nav.innerHTML = next.nav;
    overlay.innerHTML = next.overlay;
    overlay.hidden = next.overlay === '';
    document.getElementById('files').textContent = next.files.join(', ');
    buildForm();
    setStatus();
    var still = entry === 'simulation' || viewById(entry) ? entry : entryFromHash();
    show(still, true);
    if (entry === 'simulation') body.dataset.version = String(next.version);
  }

  var form = document.getElementById('sim-form');
  function buildForm() {
    if (!form) return;
    var box = form.querySelector('.choices');
    var chosen = {};
    box.querySelectorAll('input:checked').forEach(function (i) { chosen[i.value] = true; });
    var first = box.children.length === 0;
    box.replaceChildren();
    state.useCases.forEach(function (u, i) {
      var label = element('label');
      var input = element('input');
      input.type = 'checkbox';
      input.name = 'useCase';
      input.value = u.slug;
      input.checked = first ? i === 0 && !u.problem : Boolean(chosen[u.slug]);
      label.appendChild(input);
      label.appendChild(document.createTextNode(' ' + u.name));
      if (u.problem) { label.title = u.problem; label.className = 'unavailable'; }
      box.appendChild(label);
    });
  }
  function numberField(name) { return form.elements[name].value.trim(); }
  if (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var results = document.getElementById('sim-results');
      var button = form.querySelector('button[type="submit"]');
      var useCases = Array.prototype.slice.call(form.querySelectorAll('input[name="useCase"]:checked')).map(function (i) { return i.value; });
      var faults = form.elements.faults.value.trim();
      var request = { useCases: useCases, seed: numberField('seed'), flows: numberField('flows'), runs: numberField('runs'), faults: faults ? [faults] : [] };
      button.disabled = true;
      body.dataset.simulation = 'running';
      fetch('/api/simulate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) })
        .then(function (r) { return r.json(); })
        .then(function (answer) {
          if (!answer.ok) {
            results.replaceChildren(element('p', answer.error, 'sim-error'));
            body.dataset.simulation = 'refused';
            return;
          }
          results.innerHTML = answer.html;
          var actions = element('p', undefined, 'actions');
          var json = element('button', 'Download JSON (craft simulate --json)', 'button');
          json.type = 'button';
          json.addEventListener('click', function () { download('simulation.json', new Blob([answer.json], { type: 'application/json' })); });
          actions.appendChild(json);
          results.querySelector('.simulation h2').after(actions);
          return renderDiagramsIn(results).then(function () { body.dataset.simulation = 'done'; });
        })
        .catch(function (err) {
          results.replaceChildren(element('p', 'The simulation failed: ' + err, 'sim-error'));
          body.dataset.simulation = 'failed';
        })
        .finally(function () { button.disabled = false; });
    });
  }

  if (mode === 'live') {
    buildForm();
    var source = new EventSource('/api/events');
    source.addEventListener('state', function (e) { applyState(JSON.parse(e.data)); });
    source.addEventListener('open', function () { setStatus(); });
    source.addEventListener('error', function () {
      if (status) { status.className = 'status offline'; status.textContent = 'reconnecting to craft serve\u2026'; }
    });
  }
  document.querySelectorAll('.simulation .diagram svg').forEach(ownMarkers);
  show(entryFromHash(), false);
})();
`;
