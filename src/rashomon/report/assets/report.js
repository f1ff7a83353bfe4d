/* Rashomon report: click-to-span, statement and entity panels, claim filters, graphs, timeline.
 * Builds DOM with textContent only: dossier text never goes through innerHTML.
 * Offsets in the page are Python code points (data-s, data-e on each text segment). */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('rashomon-data').textContent);
  var TYPE_COLORS = {person: '#c0392b', organisation: '#2874a6', place: '#1e8449', equipment: '#7d3c98',
    outlet: '#b9770e', event: '#ca6f1e', other: '#717d7e'};

  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = String(text);
    if (cls) n.className = cls;
    return n;
  }
  function jumpLink(aid, s, e, text) {
    var a = el('a', text, 'stmt');
    a.href = '#span=' + aid + ':' + s + ':' + e;
    a.setAttribute('data-jump', aid + ':' + s + ':' + e);
    return a;
  }

  /* -- click-to-span ------------------------------------------------------------------------ */
  function articleEl(aid) { return document.getElementById('art-' + aid); }

  // Split a segment holding one text node so that [s, e) falls on segment boundaries.
  function splitSegment(seg, s, e) {
    if (seg.childNodes.length !== 1 || seg.firstChild.nodeType !== 3) return [seg];
    var ss = +seg.getAttribute('data-s'), ee = +seg.getAttribute('data-e');
    var chars = Array.from(seg.firstChild.nodeValue);  // code points, like the offsets
    if (chars.length !== ee - ss) return [seg];
    var cuts = [ss];
    if (s > ss && s < ee) cuts.push(s);
    if (e > ss && e < ee && e !== s) cuts.push(e);
    cuts.push(ee);
    var out = [];
    for (var i = 0; i + 1 < cuts.length; i++) {
      var part = seg.cloneNode(false);
      part.setAttribute('data-s', cuts[i]);
      part.setAttribute('data-e', cuts[i + 1]);
      part.textContent = chars.slice(cuts[i] - ss, cuts[i + 1] - ss).join('');
      seg.parentNode.insertBefore(part, seg);
      out.push(part);
    }
    seg.parentNode.removeChild(seg);
    return out;
  }

  function clearHighlight() {
    document.querySelectorAll('.hl').forEach(function (n) { n.classList.remove('hl'); });
  }

  function jump(aid, s, e, noHash) {
    var art = articleEl(aid);
    if (!art) return [];
    clearHighlight();
    var hits = [];
    art.querySelectorAll('.g').forEach(function (seg) {
      var ss = +seg.getAttribute('data-s'), ee = +seg.getAttribute('data-e');
      if (ee <= s || ss >= e) return;
      var parts = (ss < s || ee > e) ? splitSegment(seg, s, e) : [seg];
      parts.forEach(function (p) {
        if (+p.getAttribute('data-s') >= s && +p.getAttribute('data-e') <= e) hits.push(p);
      });
    });
    if (!hits.length && s === e) return [];
    hits.forEach(function (h) { h.classList.add('hl'); });
    var target = hits[0] || art;
    target.scrollIntoView({block: 'center'});
    if (!noHash && window.history && history.replaceState) {
      history.replaceState(null, '', '#span=' + aid + ':' + s + ':' + e);
    }
    return hits;
  }
  window.rashomonJump = jump;

  function parseJump(v) {
    var m = /^(.+):(\d+):(\d+)$/.exec(v || '');
    return m ? [m[1], +m[2], +m[3]] : null;
  }

  /* -- panels ------------------------------------------------------------------------------- */
  var panel = document.getElementById('panel'), panelBody = document.getElementById('panel-body');
  function openPanel(nodes) {
    panelBody.textContent = '';
    nodes.forEach(function (n) { panelBody.appendChild(n); });
    panel.hidden = false;
  }
  document.getElementById('panel-close').addEventListener('click', function () { panel.hidden = true; });

  function statementPanel(sid) {
    var st = data.statements[sid];
    if (!st) return;
    var art = data.articles[st.article] || {label: st.article, language: ''};
    var nodes = [el('h3', 'Statement'), el('p', art.label + ' (' + art.language + ')', 'src-meta')];
    if (st.gloss) {  // the English rendering (a reading aid: the original is in the article)
      var g = el('p', st.gloss, 'gloss');
      g.setAttribute('lang', 'en');
      g.setAttribute('dir', 'ltr');
      nodes.push(g);
    }
    var claim = el('p');
    claim.appendChild(el('b', 'Claim: '));
    var cl = el('a', data.claims[st.claim] || st.claim);
    cl.href = '#claim-' + st.claim;
    claim.appendChild(cl);
    nodes.push(claim);
    var facts = el('ul');
    facts.appendChild(el('li', 'polarity: ' + (st.polarity || 'positive')));
    if (st.hedged) facts.appendChild(el('li', 'hedged: ' + (st.hedges || []).join(', ')));
    if ((st.quantities || []).length) facts.appendChild(el('li', 'figures: ' + st.quantities.join(', ')));
    if ((st.dates || []).length) facts.appendChild(el('li', 'dates: ' + st.dates.join(', ')));
    if ((st.attribution || []).length) facts.appendChild(el('li', 'according to: ' + st.attribution.join(' ← ')));
    nodes.push(facts);
    if ((st.discrepancies || []).length) {
      var dp = el('p', 'Part of discrepancy: ');
      st.discrepancies.forEach(function (d) {
        var a = el('a', d, 'badge');
        a.href = '#disc-' + d;
        dp.appendChild(a);
        dp.appendChild(document.createTextNode(' '));
      });
      nodes.push(dp);
    }
    var others = el('ul');
    Object.keys(data.statements).forEach(function (k) {
      var o = data.statements[k];
      if (k === sid || o.claim !== st.claim) return;
      var li = el('li');
      li.appendChild(jumpLink(o.article, o.start, o.end, (data.articles[o.article] || {}).label || o.article));
      li.appendChild(el('span', ' ' + (o.polarity === 'negative' ? 'denies' : o.hedged ? 'hedges' : 'says'), 'src-meta'));
      others.appendChild(li);
    });
    if (others.childNodes.length) { nodes.push(el('p', 'Same claim in other articles:')); nodes.push(others); }
    openPanel(nodes);
  }

  function entityPanel(eid) {
    var ent = data.entities[eid];
    if (!ent) return;
    var nodes = [el('h3', ent.label), el('p', ent.type + (ent.name !== ent.label ? ' · ' : ''), 'src-meta')];
    if (ent.name !== ent.label) { var b = el('bdi', ent.name); nodes[1].appendChild(b); }
    if (ent.latin_source) {
      var guessed = ent.latin_source === 'transliteration';
      nodes.push(el('p', 'Latin name from: ' + ent.latin_source.replace(/_/g, ' ') +
        (guessed ? ' (a guess: check the original)' : ''), 'src-meta'));
    }
    var ul = el('ul');
    ent.mentions.forEach(function (m) {
      var li = el('li');
      li.appendChild(jumpLink(m[0], m[1], m[2], (data.articles[m[0]] || {}).label || m[0]));
      li.appendChild(el('span', ' @' + m[1], 'src-meta'));
      ul.appendChild(li);
    });
    nodes.push(el('p', ent.mentions.length + ' mention(s):'));
    nodes.push(ul);
    openPanel(nodes);
    if (ent.mentions.length) jump(ent.mentions[0][0], ent.mentions[0][1], ent.mentions[0][2]);
  }

  function statementAt(aid, s, e) {
    var best = null;
    Object.keys(data.statements).forEach(function (k) {
      var o = data.statements[k];
      if (o.article === aid && o.start === s && o.end === e) best = k;
    });
    return best;
  }

  document.addEventListener('click', function (ev) {
    var t = ev.target.closest ? ev.target : ev.target.parentElement;
    var j = t.closest('[data-jump]');
    if (j) {
      var p = parseJump(j.getAttribute('data-jump'));
      if (p) {
        ev.preventDefault();
        jump(p[0], p[1], p[2]);
        var sid = statementAt(p[0], p[1], p[2]);
        if (sid) statementPanel(sid);
      }
      return;
    }
    var en = t.closest('[data-entity]');
    if (en) { ev.preventDefault(); entityPanel(en.getAttribute('data-entity')); return; }
    var seg = t.closest('.art .g.st');
    if (seg) {
      var sid2 = seg.getAttribute('data-st').split(' ')[0];
      var st = data.statements[sid2];
      if (st) { jump(st.article, st.start, st.end); statementPanel(sid2); }
    }
  });

  function fromHash() {
    var h = location.hash || '';
    // A malformed escape (#%E0%A4%A, typed or pasted) made decodeURIComponent throw URIError
    // on every hash change; such a hash is taken as it is.
    try { h = decodeURIComponent(h); } catch (e) { /* keep h */ }
    if (h.indexOf('#span=') === 0) {
      var p = parseJump(h.slice(6));
      if (p) jump(p[0], p[1], p[2], true);
    }
  }
  window.addEventListener('hashchange', fromHash);

  /* -- claims filter ------------------------------------------------------------------------ */
  // Same folds as rashomon.cleaning.normalize.matching_key, for the common cases.
  function key(s) {
    return (s || '').normalize('NFKC').toLowerCase()
      .replace(/[\u064B-\u065F\u0670\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, '')
      .replace(/[\u06CC\u0649\u0626]/g, '\u064A').replace(/[\u06A9]/g, '\u0643')
      .replace(/[\u0623\u0625\u0622\u0671]/g, '\u0627').replace(/[\u0624]/g, '\u0648')
      .replace(/[\u06F0-\u06F9]/g, function (d) { return String(d.charCodeAt(0) - 0x06F0); })
      .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); });
  }
  // Same as rashomon.gloss.names.skeleton: a Latin name's consonants, folded the way Arabic and
  // Persian names are transliterated (p/b, v/f, vowels and w/h/y dropped), so "Maduro" meets
  // "Madoro" and "Putin" meets "Botin". Words of fewer than 3 consonants are not compared.
  function skeleton(word) {
    var w = (word || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
    w = w.replace(/ph/g, 'f').replace(/ck/g, 'k').replace(/ng/g, 'n').replace(/([kgstcz])h/g, '$1')
      .replace(/p/g, 'b').replace(/v/g, 'f').replace(/[cq]/g, 'k').replace(/x/g, 'ks')
      .replace(/[aeiouywh]/g, '').replace(/(.)\1+/g, '$1');
    return w;
  }
  function skeletonHit(q, skel) {
    var words = q.split(/\s+/).map(skeleton).filter(function (w) { return w.length >= 3; });
    if (!words.length) return false;
    var have = ' ' + (skel || '') + ' ';
    return words.every(function (w) { return have.indexOf(' ' + w + ' ') >= 0; });
  }
  var filter = document.getElementById('claim-filter');
  function applyFilter() {
    var raw = filter.value, q = key(raw).trim(), only = document.getElementById('claim-disputed').checked;
    var lang = document.getElementById('claim-lang').value, shown = 0, rows = document.querySelectorAll('.matrix tbody tr');
    rows.forEach(function (tr) {
      var ok = (!q || key(tr.getAttribute('data-search')).indexOf(q) >= 0 ||
          skeletonHit(raw, tr.getAttribute('data-skel'))) &&
        (!only || tr.getAttribute('data-disputed') === '1') &&
        (!lang || (' ' + tr.getAttribute('data-langs') + ' ').indexOf(' ' + lang + ' ') >= 0);
      tr.hidden = !ok;
      if (ok) shown++;
    });
    document.getElementById('claim-count').textContent = shown + ' of ' + rows.length + ' claims';
  }
  if (filter) {
    filter.addEventListener('input', applyFilter);
    document.getElementById('claim-disputed').addEventListener('change', applyFilter);
    document.getElementById('claim-lang').addEventListener('change', applyFilter);
    applyFilter();
  }

  /* -- language switch: originals, English renderings, or both --------------------------------- */
  var relabel = [];  // views drawn by a library (the timeline) redraw their labels on a switch
  document.querySelectorAll('input[name="lang-view"]').forEach(function (r) {
    r.addEventListener('change', function () {
      document.body.classList.remove('view-orig', 'view-en');
      if (r.value !== 'both') document.body.classList.add('view-' + r.value);
      relabel.forEach(function (f) { f(); });
    });
  });

  /* -- graphs --------------------------------------------------------------------------------- */
  var graphBox = document.getElementById('entity-graph');
  if (graphBox && window.cytoscape && data.graph.nodes.length) {
    var maxW = 1;
    data.graph.edges.forEach(function (e) { maxW = Math.max(maxW, e.weight); });
    var cy = window.cytoscape({
      container: graphBox,
      elements: data.graph.nodes.map(function (n) { return {data: n}; }).concat(
        data.graph.edges.map(function (e, i) { return {data: Object.assign({id: 'edge' + i}, e)}; })),
      style: [
        {selector: 'node', style: {'label': 'data(label)', 'font-size': 11, 'text-valign': 'bottom',
          'text-margin-y': 3, 'background-color': function (n) { return TYPE_COLORS[n.data('type')] || '#717d7e'; },
          'width': function (n) { return 10 + 4 * Math.sqrt(n.data('mentions')); },
          'height': function (n) { return 10 + 4 * Math.sqrt(n.data('mentions')); }}},
        {selector: 'edge', style: {'width': function (e) { return 1 + 4 * e.data('weight') / maxW; },
          'line-color': '#b3b6b7', 'curve-style': 'bezier', 'opacity': 0.7}},
        {selector: 'edge[kind != "co-occurrence"]', style: {'line-color': '#884ea0', 'target-arrow-shape': 'triangle',
          'target-arrow-color': '#884ea0', 'label': 'data(kind)', 'font-size': 9}},
        {selector: 'node:selected', style: {'border-width': 3, 'border-color': '#f1c40f'}}
      ],
      layout: {name: 'cose', animate: false, nodeRepulsion: function () { return 9000; }},
      maxZoom: 1.5
    });
    cy.on('tap', 'node', function (ev) { entityPanel(ev.target.id()); });
    window.rashomonEntityGraph = cy;
  }

  var provBox = document.getElementById('provenance-graph');
  if (provBox && window.cytoscape && data.provenance.edges.length) {
    var used = {};
    data.provenance.edges.forEach(function (e) { used[e.source] = used[e.target] = true; });
    var pcy = window.cytoscape({
      container: provBox,
      elements: data.provenance.nodes.filter(function (n) { return used[n.id]; }).map(function (n) {
        var label = n.label + (n.language ? ' (' + n.language + (n.published ? ', ' + n.published : '') + ')' : '');
        return {data: Object.assign({}, n, {label: label, original: n.id === data.provenance.original ? 1 : 0})};
      }).concat(data.provenance.edges.map(function (e, i) {
        return {data: Object.assign({id: 'pe' + i, elabel: e.kind + (e.score ? ' ' + e.score.toFixed(2) : '')}, e)};
      })),
      style: [
        {selector: 'node', style: {'label': 'data(label)', 'shape': 'round-rectangle', 'background-color': '#d6eaf8',
          'border-width': 1, 'border-color': '#5d6d7e', 'font-size': 11, 'text-valign': 'center',
          'width': function (n) { return 14 + 6.5 * n.data('label').length; }, 'height': 24}},
        {selector: 'node[kind = "cited"]', style: {'shape': 'ellipse', 'background-color': '#f2f3f4'}},
        {selector: 'node[original = 1]', style: {'border-width': 3, 'border-color': '#b9770e'}},
        {selector: 'edge', style: {'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'width': 2,
          'label': 'data(elabel)', 'font-size': 9, 'text-background-color': '#fff', 'text-background-opacity': 1}},
        {selector: 'edge[kind = "cites"]', style: {'line-style': 'dashed', 'line-color': '#999', 'target-arrow-color': '#999'}}
      ],
      layout: Object.keys(used).length > 10 ? {name: 'cose', animate: false, nodeRepulsion: function () { return 12000; }}
        : {name: 'breadthfirst', directed: true, spacingFactor: 1.1},
      maxZoom: 1.5
    });
    pcy.on('tap', 'node[kind = "article"]', function (ev) {
      var a = articleEl(ev.target.id());
      if (a) a.scrollIntoView({block: 'start'});
    });
  }

  /* -- timeline ------------------------------------------------------------------------------- */
  var tlBox = document.getElementById('timeline-view');
  if (tlBox && window.vis && data.timeline.length) {
    // English view: the English rendering on the axis; otherwise the original (both in the tip)
    var tlContent = function (t) {
      var english = t.gloss && document.body.classList.contains('view-en');
      var shown = english ? t.gloss : t.label;
      var c = el('span', shown.length > 70 ? shown.slice(0, 69) + '\u2026' : shown);
      c.title = t.gloss ? t.label + '\n' + t.gloss : t.label;
      c.setAttribute('dir', english ? 'ltr' : 'auto');
      return c;
    };
    var items = data.timeline.map(function (t) {
      var d = t.date.length === 4 ? t.date + '-01-01' : t.date.length === 7 ? t.date + '-01' : t.date;
      return {id: t.id, content: tlContent(t), start: d};
    });
    var tlData = new window.vis.DataSet(items);
    relabel.push(function () {
      tlData.update(data.timeline.map(function (t) { return {id: t.id, content: tlContent(t)}; }));
    });
    var tl = new window.vis.Timeline(tlBox, tlData, {
      stack: true, zoomable: true, margin: {item: 6}, orientation: 'top', showCurrentTime: false,
      xss: {disabled: false}
    });
    tl.on('select', function (props) {
      var t = data.timeline[props.items[0]];
      if (!t) return;
      var li = document.getElementById('tl-' + t.id);
      var first = li && li.querySelector('[data-jump]');
      if (first) first.click();
    });
    window.rashomonTimeline = tl;
  }

  fromHash();
})();
