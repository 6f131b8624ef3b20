// script.js - The behaviour of the HTML report (-emit=html).
//
// Renders the grouped JSON inlined in the page (script#dsocr-data, schema
// in docs/JSONSchema.md) as a collapsible loop-nest outline, a panel for
// the selected node and a search over addresses and classes, and links the
// picture's boxes to the outline. It renders from the data generically: the
// fields it knows are laid out, any other field is shown as key and value,
// so a newer schema never breaks it. Rendering is lazy: only expanded
// nodes' children exist in the DOM, CHUNK rows at a time, which keeps the
// page fast on a tree of 100,000 modules.
//
// The URL fragment (or query) is honoured: #search=TEXT runs a search,
// #node=ADDRESS selects a node (a concrete address selects the member of
// the group that holds it), #expand=N shows N levels below the root (loops too) and
// #expand=all everything; they combine with '&'.
//
// Embedded in dsocr-opt at build time and inlined in a script element: this
// file must not contain a closing script tag.
(function () {
  'use strict';

  var CHUNK = 200; // rows created at a time under one node
  var AUTO_ROWS = 60; // rows the first view may show
  var EXPAND_ALL_ROWS = 5000; // rows "Expand all" creates at most
  var MAX_RESULTS = 100;
  // GroupedJSONSchemaVersion (JSONOutput.h); emit-html/page.test checks it.
  var KNOWN_SCHEMA_VERSION = 2;
  // The stage colours of the DOT picture (DOTEmitter.cpp).
  var PALETTE = [
    ['#e8f0fe', '#8ab4f8'], ['#e6f4ea', '#81c995'], ['#fef7e0', '#fdd663'],
    ['#fce8e6', '#f28b82'], ['#f3e8fd', '#c58af9'], ['#e4f7fb', '#78d9ec']
  ];

  var $ = function (id) { return document.getElementById(id); };
  var treeEl = $('tree'), panelEl = $('panel'), searchEl = $('search');
  var resultsEl = $('results'), bannerEl = $('banner');

  function banner(text) {
    bannerEl.hidden = false;
    bannerEl.appendChild(el('div', null, text));
  }

  // --- Data -----------------------------------------------------------
  var data = {};
  try {
    data = JSON.parse($('dsocr-data').textContent);
  } catch (e) {
    banner('The report data could not be read: ' + e.message);
  }
  if (!isObject(data)) data = {};
  var meta = isObject(data.metadata) ? data.metadata : {};
  var root = isObject(data.tree) ? data.tree : { kind: 'root', children: [] };
  if (data.schema !== undefined && data.schema !== 'dsocr-call-graph-grouped')
    banner('Unknown schema "' + data.schema + '": shown as it is.');
  if (typeof data.schema_version === 'number' &&
      data.schema_version > KNOWN_SCHEMA_VERSION)
    banner('Schema version ' + data.schema_version + ' is newer than this ' +
           'page knows (' + KNOWN_SCHEMA_VERSION + '): fields it does not ' +
           'know are shown as they are.');
  var reportTitle = $('title').textContent;

  function isObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  }
  function kidsOf(n) {
    return Array.isArray(n.children) ? n.children.filter(isObject) : [];
  }

  // Pre-order ids, as the picture numbers its boxes (n0 is the root), and
  // where each subtree ends: the children of id are id + 1, then each next
  // child where the previous child's subtree ends.
  var nodes = [], parentOf = [], depthOf = [], endOf = [];
  (function index() {
    var stack = [[root, -1, 0]], open = [];
    while (stack.length) {
      var top = stack.pop(), id = nodes.length, depth = top[2];
      while (open.length && depthOf[open[open.length - 1]] >= depth)
        endOf[open.pop()] = id;
      nodes.push(top[0]);
      parentOf.push(top[1]);
      depthOf.push(depth);
      open.push(id);
      var kids = kidsOf(top[0]);
      for (var i = kids.length - 1; i >= 0; --i)
        stack.push([kids[i], id, depth + 1]);
    }
    while (open.length) endOf[open.pop()] = nodes.length;
  })();
  var kidIds = [];
  function childIds(id) {
    if (!kidIds[id]) {
      var out = [];
      for (var c = id + 1; c < endOf[id]; c = endOf[c]) out.push(c);
      kidIds[id] = out;
    }
    return kidIds[id];
  }

  var stageIndex = {};
  (Array.isArray(meta.stages) ? meta.stages : []).forEach(function (s) {
    if (isObject(s) && typeof s.name === 'string' && !(s.name in stageIndex))
      stageIndex[s.name] = Object.keys(stageIndex).length;
  });
  function stageColours(name) {
    if (!(name in stageIndex))
      stageIndex[name] = Object.keys(stageIndex).length;
    return PALETTE[stageIndex[name] % PALETTE.length];
  }

  // --- Formatting -----------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function fmt(v) {
    if (typeof v === 'number')
      return Number.isInteger(v) ? v.toLocaleString('en-US') : String(v);
    return String(v);
  }
  function plural(n, one, many) {
    return fmt(n) + ' ' + (n === 1 ? one : many);
  }
  function bytesText(b) {
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], v = b, u = 0;
    while (v >= 1024 && u + 1 < units.length) { v /= 1024; ++u; }
    return u === 0 ? b + ' B' : v.toFixed(1) + ' ' + units[u];
  }
  // [0,1,3,4,5] -> "0-1,3-5".
  function rangeText(ix) {
    if (!Array.isArray(ix)) return String(ix);
    var out = [], i = 0;
    while (i < ix.length) {
      var j = i;
      while (j + 1 < ix.length && ix[j + 1] === ix[j] + 1) ++j;
      out.push(j > i ? ix[i] + '-' + ix[j] : String(ix[i]));
      i = j + 1;
    }
    return out.join(',');
  }
  function isFolded(n) {
    return (n.kind === 'for' || n.kind === 'parfor') && n.count !== undefined;
  }
  function loopText(n) {
    var parts = [];
    if (isFolded(n)) parts.push(n.kind + ' ' + n.count);
    if (typeof n.parfor === 'number') parts.push('parfor ' + n.parfor);
    return parts.join(', ');
  }
  function isRoot(n) { return n.kind === 'root'; }
  // A line of the stage view (-view=stages): no class, the stage's name.
  function isStageLine(n) { return n.kind === 'stage'; }
  function neverCalled(n) { return !isRoot(n) && n.calls === 0; }
  function titleParts(n) {
    if (isRoot(n)) return [reportTitle, meta.source || ''];
    if (isStageLine(n)) return [String(n.address) + ' stage', ''];
    return [n.class_name !== undefined ? String(n.class_name) : '?',
            n.address !== undefined ? String(n.address) : '?'];
  }
  function titleText(n) {
    var t = titleParts(n);
    return isRoot(n) || isStageLine(n) ? t[0] : t[0] + ' @ ' + t[1];
  }
  function firstString(v) {
    return Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
  }
  function remarkOf(n) {
    var parts = [];
    if (neverCalled(n)) parts.push('never called');
    var note = firstString(n.notes);
    if (note) parts.push(note);
    if (isFolded(n) && n.calls > 0 && Array.isArray(n.inactive) &&
        n.inactive.length && typeof n.instances === 'number')
      parts.push(fmt(n.active_instances) + '/' + fmt(n.instances) + ' called');
    if (Array.isArray(n.variants) && n.variants.length)
      parts.push(plural(n.variants.length, 'variant', 'variants'));
    return parts.join('; ');
  }
  // The tensors of one side of a call: a list of {shape, dtype} (a call
  // signature's inputs or outputs) or {tensors: [...]}.
  function tensorsText(t) {
    var list = Array.isArray(t) ? t : isObject(t) && Array.isArray(t.tensors) ? t.tensors : null;
    if (!list) return null;
    var s = list.map(function (x) {
      if (!isObject(x)) return JSON.stringify(x);
      var shape = Array.isArray(x.shape) ? '[' + x.shape.join(',') + ']' : '';
      var dtype = typeof x.dtype === 'string' ? x.dtype.replace(/^torch\./, '') : '';
      return (shape + ' ' + dtype).trim();
    }).join(', ');
    return s + (isObject(t) && t.varies ? ' (varies)' : '');
  }

  // --- Generic values -------------------------------------------------
  function isScalar(v) { return v === null || typeof v !== 'object'; }
  function valueEl(v, depth) {
    depth = depth || 0;
    if (v === null) return el('span', 'null', 'null');
    if (typeof v !== 'object') return el('span', null, fmt(v));
    if (Array.isArray(v)) {
      if (v.every(isScalar)) {
        // As JSON (a shape reads [6, 1024, 768]), long lists cut.
        var shown = v.slice(0, 200).map(function (x) {
          return typeof x === 'string' ? x : JSON.stringify(x);
        }).join(', ');
        if (v.length > 200) shown += ', ... (' + fmt(v.length - 200) + ' more)';
        return el('span', 'mono', '[' + shown + ']');
      }
      if (depth < 3 && v.every(isObject)) return tableOf(v, depth + 1);
      return preOf(v);
    }
    if (depth >= 3) return preOf(v);
    return kvTable(v, Object.keys(v), depth + 1);
  }
  function preOf(v) {
    var text = JSON.stringify(v, null, 1);
    if (text.length > 4000) text = text.slice(0, 4000) + '\n...';
    return el('pre', null, text);
  }
  function kvTable(obj, keys, depth) {
    var t = el('table');
    keys.forEach(function (k) {
      var tr = t.insertRow();
      tr.appendChild(el('th', null, k));
      var td = tr.insertCell();
      td.appendChild(valueEl(obj[k], depth));
    });
    return t;
  }
  // A list of objects as a table, one column per key (first seen first).
  function tableOf(list, depth, limit) {
    limit = limit || 200;
    var keys = [];
    list.forEach(function (o) {
      Object.keys(o).forEach(function (k) {
        if (keys.indexOf(k) < 0) keys.push(k);
      });
    });
    var t = el('table'), head = t.createTHead().insertRow();
    keys.forEach(function (k) { head.appendChild(el('th', null, k)); });
    var body = t.createTBody();
    list.slice(0, limit).forEach(function (o) {
      var tr = body.insertRow();
      keys.forEach(function (k) {
        var td = tr.insertCell();
        if (k in o) td.appendChild(valueEl(o[k], depth + 1));
        if (typeof o[k] === 'number') td.className = 'num';
      });
    });
    if (list.length > limit) {
      var tr = body.insertRow(), td = tr.insertCell();
      td.colSpan = keys.length;
      td.textContent = '... ' + fmt(list.length - limit) + ' more';
    }
    return t;
  }

  // --- Addresses and patterns ----------------------------------------
  // A pattern such as layers.[1-11].mlp.experts.[0-63] as a regular
  // expression over concrete addresses, with the index sets to check.
  var patternCache = new Map();
  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\\/]/g, '\\$&'); }
  function parseIndexSet(spec) {
    var ranges = [];
    spec.split(',').forEach(function (p) {
      var m = /^(\d+)(?:-(\d+))?$/.exec(p.trim());
      if (m) ranges.push([+m[1], m[2] !== undefined ? +m[2] : +m[1]]);
    });
    return ranges;
  }
  function compilePattern(addr) {
    if (patternCache.has(addr)) return patternCache.get(addr);
    var re = '', sets = [], lit = '', i = 0;
    while (i < addr.length) {
      var c = addr[i];
      if (c === '\\' && i + 1 < addr.length) { lit += addr[i + 1]; i += 2; continue; }
      if (c === '[') {
        var close = addr.indexOf(']', i);
        if (close < 0) { lit += c; ++i; continue; }
        re += escapeRegExp(lit) + '(\\d+)';
        lit = '';
        sets.push(parseIndexSet(addr.slice(i + 1, close)));
        i = close + 1;
        continue;
      }
      lit += c;
      ++i;
    }
    re += escapeRegExp(lit);
    var p = sets.length ? { re: new RegExp('^' + re + '$'), sets: sets } : null;
    patternCache.set(addr, p);
    return p;
  }
  // True if the concrete address a is a member of pattern addr.
  function patternMatches(addr, a) {
    var p = compilePattern(addr);
    if (!p) return false;
    var m = p.re.exec(a);
    if (!m) return false;
    for (var k = 0; k < p.sets.length; ++k) {
      var v = +m[k + 1], ok = false;
      for (var r = 0; r < p.sets[k].length && !ok; ++r)
        ok = v >= p.sets[k][r][0] && v <= p.sets[k][r][1];
      if (!ok) return false;
    }
    return true;
  }
  // The pattern of a folded group with its last index set replaced by one
  // member's index: layers.[1-11].mlp.experts.[0-63] -> ...experts.5.
  function memberAddress(addr, index) {
    for (var i = addr.length - 1; i >= 0; --i) {
      if (addr[i] !== '[' || (i > 0 && addr[i - 1] === '\\')) continue;
      var close = addr.indexOf(']', i);
      if (close < 0) break;
      return addr.slice(0, i) + index + addr.slice(close + 1);
    }
    return addr + '.' + index;
  }
  function findByAddress(a) {
    for (var id = 0; id < nodes.length; ++id)
      if (nodes[id].address === a) return id;
    for (id = 0; id < nodes.length; ++id)
      if (typeof nodes[id].address === 'string' &&
          nodes[id].address.indexOf('[') >= 0 &&
          patternMatches(nodes[id].address, a))
        return id;
    return -1;
  }

  // --- Outline items ----------------------------------------------------
  // An item of the outline: a node, or under a folded group its list of
  // variants or members and their entries.
  function nodeItem(id) { return { key: 'n' + id, id: id, kind: 'node' }; }
  function itemKids(item) {
    var n = nodes[item.id];
    if (item.kind === 'node') {
      var extra = [];
      if (Array.isArray(n.variants) && n.variants.length)
        extra.push({ key: 'v' + item.id, id: item.id, kind: 'variants' });
      if (isFolded(n) && Array.isArray(n.indices) && n.indices.length)
        extra.push({ key: 'm' + item.id, id: item.id, kind: 'members' });
      var ids = childIds(item.id);
      return {
        length: extra.length + ids.length,
        at: function (k) {
          return k < extra.length ? extra[k] : nodeItem(ids[k - extra.length]);
        }
      };
    }
    if (item.kind === 'variants')
      return {
        length: n.variants.length,
        at: function (k) {
          return { key: 'v' + item.id + ':' + k, id: item.id, kind: 'variant', k: k };
        }
      };
    if (item.kind === 'members')
      return {
        length: n.indices.length,
        at: function (k) {
          return { key: 'm' + item.id + ':' + k, id: item.id, kind: 'member', k: k };
        }
      };
    return { length: 0, at: null };
  }

  var wrapOf = new Map(); // item key -> its element in the outline
  var itemOf = new Map(); // item key -> item
  var shownKids = new Map(); // item key -> children rendered so far
  var selectedKey = null;

  function makeItem(item) {
    var wrap = el('div', 'item');
    var row = el('div', 'row');
    row.setAttribute('role', 'treeitem');
    row.dataset.key = item.key;
    var n = nodes[item.id];
    var kids = itemKids(item);
    var twisty = el('span', 'twisty' + (kids.length ? '' : ' leaf'),
                    kids.length ? '\u25b8' : '\u00b7');
    row.appendChild(twisty);
    if (kids.length) row.setAttribute('aria-expanded', 'false');
    fillRow(row, item, n);
    wrap.appendChild(row);
    wrapOf.set(item.key, wrap);
    itemOf.set(item.key, item);
    return wrap;
  }

  function fillRow(row, item, n) {
    var title = el('span', 'title');
    if (item.kind === 'node') {
      row.dataset.id = item.id;
      if (n.address !== undefined) row.dataset.address = n.address;
      var t = titleParts(n);
      if (isRoot(n)) {
        title.appendChild(el('span', 'cls', t[0]));
        if (t[1]) {
          title.appendChild(el('span', 'at', '\u00b7'));
          title.appendChild(el('span', 'addr', t[1]));
        }
      } else if (isStageLine(n)) {
        title.appendChild(el('span', 'cls', t[0]));
      } else {
        title.appendChild(el('span', 'cls', t[0]));
        title.appendChild(el('span', 'at', '@'));
        title.appendChild(el('span', 'addr', t[1]));
      }
      if (neverCalled(n)) row.classList.add('never');
      row.appendChild(title);
      if (isFolded(n)) row.appendChild(el('span', 'badge ' + n.kind, n.kind + ' ' + n.count));
      if (typeof n.parfor === 'number')
        row.appendChild(el('span', 'badge parfor', 'parfor ' + n.parfor));
      if (typeof n.stage === 'string') row.appendChild(stageChip(n.stage));
      var remark = remarkOf(n);
      if (remark) row.appendChild(el('span', 'remark', remark));
      var ops = isRoot(n) ? meta.totals && meta.totals.ops : n.inclusive_ops;
      if (typeof ops === 'number') row.appendChild(el('span', 'figure', plural(ops, 'op', 'ops')));
      return;
    }
    row.classList.add('pseudo');
    if (item.kind === 'variants') {
      title.textContent = plural(n.variants.length, 'variant', 'variants');
      row.appendChild(title);
      row.appendChild(el('span', 'remark', 'members whose subtree differs'));
    } else if (item.kind === 'members') {
      title.textContent = plural(n.indices.length, 'member', 'members') +
                          ' [' + rangeText(n.indices) + ']';
      row.appendChild(title);
      if (Array.isArray(n.inactive) && n.inactive.length)
        row.appendChild(el('span', 'remark', fmt(n.inactive.length) + ' never called'));
    } else if (item.kind === 'variant') {
      var v = n.variants[item.k];
      title.textContent = '[' + (isObject(v) && v.members !== undefined ? v.members
                                 : rangeText(v && v.indices)) + ']';
      row.appendChild(title);
      row.appendChild(el('span', 'remark', variantRemark(v)));
    } else if (item.kind === 'member') {
      var index = n.indices[item.k];
      var a = memberAddress(String(n.address), index);
      row.dataset.address = a;
      title.appendChild(el('span', 'addr', a));
      row.appendChild(title);
      var never = inactiveOf(n, index);
      if (never.length && never.length === memberInstances(n))
        row.classList.add('never');
      if (never.length)
        row.appendChild(el('span', 'remark', 'never called: ' + never.join(', ')));
    }
  }

  function stageChip(stage) {
    var c = stageColours(stage), chip = el('span', 'chip', stage);
    chip.style.setProperty('--stage-fill', c[0]);
    chip.style.setProperty('--stage-line', c[1]);
    return chip;
  }
  function variantRemark(v) {
    if (!isObject(v)) return '';
    var parts = [];
    if (Array.isArray(v.differs)) parts = parts.concat(v.differs.map(String));
    if (typeof v.ops === 'number') parts.push(plural(v.ops, 'op', 'ops'));
    else if (typeof v.ops_min === 'number')
      parts.push(fmt(v.ops_min) + '-' + fmt(v.ops_max) + ' ops');
    if (Array.isArray(v.notes)) parts = parts.concat(v.notes.map(String));
    return parts.join(', ');
  }
  // The inactive instances of member `index` of a folded group.
  function inactiveOf(n, index) {
    if (!Array.isArray(n.inactive)) return [];
    var suffix = '.' + index;
    return n.inactive.filter(function (a) {
      return typeof a === 'string' && a.slice(-suffix.length) === suffix &&
             patternMatches(String(n.address), a);
    });
  }
  // Instances of one member: the group's instances over its members.
  function memberInstances(n) {
    return typeof n.instances === 'number' && n.indices.length
        ? n.instances / n.indices.length : 1;
  }

  function isExpanded(key) {
    var wrap = wrapOf.get(key);
    if (!wrap) return false;
    var kids = wrap.querySelector(':scope > .kids');
    return !!kids && !kids.hidden;
  }
  // Renders the next CHUNK children of an expanded item.
  function renderMore(key) {
    var wrap = wrapOf.get(key), item = itemOf.get(key);
    var box = wrap.querySelector(':scope > .kids');
    var kids = itemKids(item);
    var from = shownKids.get(key) || 0, to = Math.min(kids.length, from + CHUNK);
    var more = box.querySelector(':scope > .more');
    if (more) more.remove();
    var frag = document.createDocumentFragment();
    for (var k = from; k < to; ++k) frag.appendChild(makeItem(kids.at(k)));
    box.appendChild(frag);
    shownKids.set(key, to);
    if (to < kids.length) {
      var row = el('div', 'row more');
      var b = el('button', null, 'Show ' + fmt(Math.min(CHUNK, kids.length - to)) +
                 ' more (' + fmt(kids.length - to) + ' not shown)');
      b.type = 'button';
      b.addEventListener('click', function () { renderMore(key); });
      row.appendChild(b);
      box.appendChild(row);
    }
  }
  function expand(key) {
    var wrap = wrapOf.get(key);
    if (!wrap) return;
    var row = wrap.firstChild;
    if (!row.hasAttribute('aria-expanded')) return;
    var box = wrap.querySelector(':scope > .kids');
    if (!box) {
      box = el('div', 'kids');
      box.setAttribute('role', 'group');
      wrap.appendChild(box);
      renderMore(key);
    }
    box.hidden = false;
    row.setAttribute('aria-expanded', 'true');
    row.firstChild.textContent = '\u25be';
  }
  function collapse(key) {
    var wrap = wrapOf.get(key);
    if (!wrap) return;
    var box = wrap.querySelector(':scope > .kids');
    if (box) box.hidden = true;
    var row = wrap.firstChild;
    if (row.hasAttribute('aria-expanded')) {
      row.setAttribute('aria-expanded', 'false');
      row.firstChild.textContent = '\u25b8';
    }
  }
  function toggle(key) {
    if (isExpanded(key)) collapse(key); else expand(key);
  }
  // Makes sure the k-th child of an expanded item is rendered.
  function showKid(key, k) {
    expand(key);
    while ((shownKids.get(key) || 0) <= k) renderMore(key);
  }
  // Expands the ancestors of node id, rendering the way down to it.
  function reveal(id) {
    var path = [];
    for (var p = id; p >= 0; p = parentOf[p]) path.unshift(p);
    for (var i = 0; i + 1 < path.length; ++i) {
      var item = nodeItem(path[i]);
      var kids = itemKids(item);
      var offset = kids.length - childIds(path[i]).length;
      showKid(item.key, offset + childIds(path[i]).indexOf(path[i + 1]));
    }
    return 'n' + id;
  }

  // Reveals node id, or its member whose address is a (a concrete address
  // that the node's pattern holds).
  function revealAddress(id, a) {
    var key = reveal(id), n = nodes[id];
    if (n.address === a || !isFolded(n) || !Array.isArray(n.indices)) return key;
    for (var k = 0; k < n.indices.length; ++k) {
      if (memberAddress(String(n.address), n.indices[k]) !== a &&
          !patternMatches(memberAddress(String(n.address), n.indices[k]), a))
        continue;
      var kids = itemKids(nodeItem(id));
      for (var j = 0; j < kids.length; ++j)
        if (kids.at(j).kind === 'members') {
          showKid(key, j);
          showKid('m' + id, k);
          return 'm' + id + ':' + k;
        }
    }
    return key;
  }

  function visibleRows() {
    return Array.prototype.filter.call(
      treeEl.querySelectorAll('.row:not(.more)'),
      function (r) { return r.offsetParent !== null; });
  }
  function expandAll(levels) {
    // Breadth first, so that a cap leaves whole levels open.
    var queue = [rootItem.key], created = 0, level = 0;
    while (queue.length && level < levels) {
      var next = [];
      for (var q = 0; q < queue.length; ++q) {
        var key = queue[q];
        if (itemOf.get(key).kind !== 'node' ||
            !wrapOf.get(key).firstChild.hasAttribute('aria-expanded'))
          continue;
        var n = itemKids(itemOf.get(key)).length;
        if (created + Math.min(n, CHUNK) > EXPAND_ALL_ROWS) {
          banner('Expanded as far as ' + fmt(EXPAND_ALL_ROWS) + ' rows; ' +
                 'expand the rest by hand, or search.');
          return;
        }
        expand(key);
        created += Math.min(n, CHUNK);
        var shown = shownKids.get(key) || 0, kids = itemKids(itemOf.get(key));
        for (var k = 0; k < shown; ++k) next.push(kids.at(k).key);
      }
      queue = next;
      ++level;
    }
  }
  function collapseAll() {
    wrapOf.forEach(function (_, key) { collapse(key); });
    expand(rootItem.key);
  }
  // The first view: the root open, then level by level every node that is
  // not a loop, as long as the rows fit on a screen (loops stay folded).
  function autoExpand() {
    expand(rootItem.key);
    var rows = 1 + Math.min(itemKids(rootItem).length, CHUNK);
    var queue = childIds(0).slice(0, CHUNK);
    while (queue.length) {
      var next = [];
      for (var q = 0; q < queue.length; ++q) {
        var id = queue[q], n = nodes[id];
        var count = childIds(id).length;
        if (!count || isFolded(n)) continue;
        if (rows + count > AUTO_ROWS) continue;
        expand('n' + id);
        rows += count;
        next = next.concat(childIds(id));
      }
      queue = next;
    }
  }

  // --- Selection and the panel -----------------------------------------
  function select(key, scroll) {
    if (selectedKey && wrapOf.get(selectedKey))
      wrapOf.get(selectedKey).firstChild.classList.remove('selected');
    selectedKey = key;
    var wrap = wrapOf.get(key);
    if (wrap) {
      wrap.firstChild.classList.add('selected');
      if (scroll) scrollIntoTree(wrap.firstChild, true);
    }
    var item = itemOf.get(key);
    renderPanel(item);
    highlightPicture(item.kind === 'node' ? item.id : -1);
    if (item.kind === 'node' && userAction) {
      var a = nodes[item.id].address;
      try {
        history.replaceState(null, '', a === undefined ? '#' :
                             '#node=' + encodeURIComponent(a));
      } catch (e) { /* file: URLs may refuse; the page works without */ }
    }
  }
  var userAction = false;

  // Scrolls the outline (not the page) so that row is in view, centred if
  // it was out of view and center is set.
  function scrollIntoTree(row, center) {
    var t = treeEl.getBoundingClientRect(), r = row.getBoundingClientRect();
    if (r.top >= t.top && r.bottom <= t.bottom) return;
    if (center) treeEl.scrollTop += r.top - t.top - (t.height - r.height) / 2;
    else treeEl.scrollTop += r.top < t.top ? r.top - t.top : r.bottom - t.bottom;
  }

  function section(title) {
    panelEl.appendChild(el('h3', null, title));
  }
  function rowsTable(rows) {
    var t = el('table');
    rows.forEach(function (r) {
      if (r[1] === undefined || r[1] === null || r[1] === '') return;
      var tr = t.insertRow();
      tr.appendChild(el('th', null, r[0]));
      var td = tr.insertCell();
      if (r[1] instanceof Node) td.appendChild(r[1]); else td.textContent = r[1];
      if (r[2]) td.className = r[2];
    });
    panelEl.appendChild(t);
    return t;
  }
  // A list of strings; addresses are set in the code font.
  function listOf(items, addresses) {
    var limit = 100, ul = el('ul');
    items.slice(0, limit).forEach(function (s) {
      ul.appendChild(el('li', addresses ? 'mono' : null,
                        typeof s === 'string' ? s : JSON.stringify(s)));
    });
    if (items.length > limit) ul.appendChild(el('li', null, '... ' + fmt(items.length - limit) + ' more'));
    panelEl.appendChild(ul);
  }
  function nodeLink(id) {
    var a = el('a', null, titleText(nodes[id]));
    a.addEventListener('click', function () { go(id); });
    return a;
  }
  // A section that cannot break the panel: an error shows the raw value.
  function guarded(title, value, render) {
    try {
      render();
    } catch (e) {
      section(title);
      panelEl.appendChild(valueEl(value));
    }
  }

  var NODE_FIELDS = ['address', 'class_name', 'kind', 'count', 'indices', 'calls',
    'per_call', 'parfor', 'ops', 'inclusive_ops', 'instances',
    'active_instances', 'stage', 'notes', 'inactive', 'shared_by', 'variants',
    'hidden', 'metadata', 'totals', 'children', 'fan_out_reason'];
  var META_FIELDS = ['params', 'signatures', 'calls', 'activation_bytes',
    'activation_exact'];

  function renderPanel(item) {
    panelEl.textContent = '';
    panelEl.dataset.key = item.key;
    var n = nodes[item.id];
    if (n.address !== undefined) panelEl.dataset.address = n.address;
    else delete panelEl.dataset.address;
    if (item.kind === 'node' && isRoot(n)) return rootPanel(n);
    if (item.kind === 'node') return nodePanel(item.id, n);
    if (item.kind === 'variants' || item.kind === 'variant') return variantPanel(item, n);
    return memberPanel(item, n);
  }

  function heading(n) {
    var h = el('h2');
    var t = titleParts(n);
    h.appendChild(el('span', 'cls', t[0]));
    if (!isStageLine(n)) {
      h.appendChild(el('span', 'at', isRoot(n) ? '\u00b7' : '@'));
      h.appendChild(el('span', 'addr', t[1]));
    }
    panelEl.appendChild(h);
  }

  function loopMeaning(n) {
    var out = [];
    if (isFolded(n) && n.kind === 'for')
      out.push('for ' + n.count + ': ' + n.count + ' distinct instances stacked in depth, each with its own weights');
    if (isFolded(n) && n.kind === 'parfor')
      out.push('parfor ' + n.count + ': ' + n.count + ' distinct members fanned out by one caller');
    if (typeof n.parfor === 'number')
      out.push(isStageLine(n)
          ? 'parfor ' + n.parfor + ': the stage, each of its modules, runs ' + n.parfor + ' times per call of the model'
          : 'parfor ' + n.parfor + ': the same module called ' + n.parfor + ' times per call of its caller');
    return out.join('; ');
  }

  function nodePanel(id, n) {
    heading(n);
    var sub = el('div', 'subtitle');
    var loop = loopText(n);
    sub.textContent = (loop ? loop : n.kind === 'module' ? 'module' : String(n.kind)) +
                      (typeof n.stage === 'string' ? ' \u00b7 stage ' + n.stage : '');
    panelEl.appendChild(sub);
    var total = meta.totals && typeof meta.totals.ops === 'number' && meta.totals.ops;
    var share = total && typeof n.inclusive_ops === 'number'
        ? ' (' + (100 * n.inclusive_ops / total).toFixed(1) + '% of the trace)' : '';
    section(isStageLine(n) ? 'Stage line' : 'Node');
    rowsTable([
      ['Class', isStageLine(n) ? undefined : n.class_name],
      [isStageLine(n) ? 'Name' : typeof n.address === 'string' && n.address.indexOf('[') >= 0 ? 'Pattern' : 'Address',
       n.address, 'mono'],
      ['Loop', loopMeaning(n)],
      ['Why a fan-out', n.fan_out_reason],
      ['Members', Array.isArray(n.indices) ? '[' + rangeText(n.indices) + '] (' + fmt(n.indices.length) + ')' : undefined],
      ['Calls', n.calls !== undefined ? fmt(n.calls) : undefined],
      ['Per caller call', n.per_call],
      ['Own ops', n.ops !== undefined ? fmt(n.ops) : undefined],
      ['Inclusive ops', n.inclusive_ops !== undefined ? fmt(n.inclusive_ops) + share : undefined],
      ['Instances', n.instances !== undefined && !isStageLine(n)
          ? fmt(n.instances) + (n.active_instances !== undefined && n.active_instances !== n.instances
                ? ', ' + fmt(n.active_instances) + ' called' : '')
          : undefined],
      ['Stage', n.stage === null ? el('span', 'null', 'none') : n.stage]
    ]);
    if (isObject(n.totals))
      guarded('Stage totals', n.totals, function () {
        // A stage line's modules and everything below them (collapse-stages).
        section('Stage totals');
        rowsTable([
          ['Module calls', n.totals.calls !== undefined ? fmt(n.totals.calls) : undefined],
          ['Ops', n.totals.ops !== undefined ? fmt(n.totals.ops) : undefined],
          ['Activations', typeof n.totals.activation_bytes === 'number'
              ? bytesText(n.totals.activation_bytes) + ' (' + fmt(n.totals.activation_bytes) + ' B)'
              : undefined]
        ]);
        var more = Object.keys(n.totals).filter(function (k) {
          return ['calls', 'ops', 'activation_bytes'].indexOf(k) < 0;
        });
        if (more.length) panelEl.appendChild(kvTable(n.totals, more, 1));
      });
    if (Array.isArray(n.notes) && n.notes.length) { section('Notes'); listOf(n.notes); }
    if (Array.isArray(n.variants) && n.variants.length)
      guarded('Variants', n.variants, function () {
        section('Variants');
        panelEl.appendChild(variantsTable(n.variants));
      });
    if (Array.isArray(n.inactive) && n.inactive.length) {
      section('Never called (' + fmt(n.inactive.length) + ')');
      listOf(n.inactive, true);
    }
    if (Array.isArray(n.shared_by) && n.shared_by.length) {
      section('Called by');
      listOf(n.shared_by, true);
    }
    if (isObject(n.metadata)) guarded('Metadata', n.metadata, function () { metadataSections(n.metadata, n); });
    else if (n.metadata !== undefined) { section('Metadata'); panelEl.appendChild(valueEl(n.metadata)); }
    if (isObject(n.hidden)) {
      section('Hidden by prune');
      rowsTable(Object.keys(n.hidden).map(function (k) {
        return [k.charAt(0).toUpperCase() + k.slice(1), fmt(n.hidden[k])];
      }));
    }
    otherFields(n, NODE_FIELDS);
    childrenSection(id);
    pictureLink(id);
  }

  function variantsTable(vs) {
    var rows = vs.map(function (v) {
      if (!isObject(v)) return { value: v };
      var o = {};
      o.members = v.members !== undefined ? v.members : rangeText(v.indices);
      if (v.ops !== undefined) o.ops = v.ops;
      else if (v.ops_min !== undefined) o.ops = fmt(v.ops_min) + '-' + fmt(v.ops_max);
      if (Array.isArray(v.differs) && v.differs.length) o.differs = v.differs.join('; ');
      if (Array.isArray(v.notes) && v.notes.length) o.notes = v.notes.join('; ');
      Object.keys(v).forEach(function (k) {
        if (['indices', 'members', 'ops', 'ops_min', 'ops_max', 'differs', 'notes'].indexOf(k) < 0) o[k] = v[k];
      });
      return o;
    });
    return tableOf(rows, 0);
  }

  function metadataSections(m, n) {
    if (isObject(m.params) && Object.keys(m.params).length) {
      section('Constructor parameters');
      var t = el('table'), head = t.createTHead().insertRow();
      ['parameter', 'value', 'members'].forEach(function (h) { head.appendChild(el('th', null, h)); });
      var body = t.createTBody();
      Object.keys(m.params).forEach(function (name) {
        var values = Array.isArray(m.params[name]) ? m.params[name] : [m.params[name]];
        values.forEach(function (v, i) {
          var tr = body.insertRow();
          tr.appendChild(el('td', 'mono', i ? '' : name));
          var td = tr.insertCell();
          td.className = 'mono';
          var value = isObject(v) && 'value' in v ? v.value : v;
          td.appendChild(isScalar(value) ? el('span', null, JSON.stringify(value))
                                         : valueEl(value, 1));
          tr.appendChild(el('td', 'mono', isObject(v) && v.members !== undefined
              ? (values.length > 1 ? v.members : 'all') : ''));
        });
      });
      panelEl.appendChild(t);
    }
    if (Array.isArray(m.signatures) && m.signatures.length)
      guarded('Tensors per call', m.signatures, function () { signaturesTable(m.signatures, n); });
    if (m.activation_bytes !== undefined || m.calls !== undefined) {
      section('Activations');
      rowsTable([
        ['Output bytes', typeof m.activation_bytes === 'number'
            ? bytesText(m.activation_bytes) + ' (' + fmt(m.activation_bytes) + ' B)' +
              (m.activation_exact === false ? ', some dtypes of unknown size not counted' : '')
            : m.activation_bytes],
        ['Calls recorded', m.calls !== undefined ? fmt(m.calls) : undefined]
      ]);
    }
    var other = Object.keys(m).filter(function (k) { return META_FIELDS.indexOf(k) < 0; });
    if (other.length) {
      section('More metadata');
      panelEl.appendChild(kvTable(m, other, 1));
    }
  }

  // Every distinct call signature (docs/JSONSchema.md): which calls and
  // members had it, its tensors and their bytes, one row each.
  var SIGNATURE_FIELDS = ['calls', 'call_indices', 'members', 'inputs', 'outputs',
    'input_bytes', 'output_bytes', 'bytes_exact'];
  function signaturesTable(sigs, n) {
    var limit = 50;
    section(sigs.length === 1 ? 'Tensors (every call)'
                              : 'Tensors per call (' + fmt(sigs.length) + ' signatures)');
    // Members, when some signature is not every member's.
    var all = Array.isArray(n.indices) ? rangeText(n.indices) : undefined;
    var members = sigs.some(function (g) {
      return isObject(g) && g.members !== undefined && String(g.members) !== all;
    });
    var cols = ['calls', 'call', members ? 'members' : null, 'input', 'output', 'output bytes']
        .filter(function (c) { return c; });
    var t = el('table', 'signatures'), head = t.createTHead().insertRow();
    cols.forEach(function (h) { head.appendChild(el('th', null, h)); });
    var body = t.createTBody();
    sigs.slice(0, limit).forEach(function (g) {
      var tr = body.insertRow();
      if (!isObject(g)) {
        var td = tr.insertCell();
        td.colSpan = cols.length;
        td.appendChild(valueEl(g));
        return;
      }
      tr.appendChild(el('td', 'num', g.calls !== undefined ? fmt(g.calls) : ''));
      tr.appendChild(el('td', 'mono', g.call_indices !== undefined ? String(g.call_indices) : ''));
      if (members) tr.appendChild(el('td', 'mono', g.members !== undefined ? String(g.members) : ''));
      [g.inputs, g.outputs].forEach(function (x) {
        var td = tr.insertCell();
        td.className = 'mono';
        var text = tensorsText(x);
        if (text !== null) td.textContent = text;
        else if (x !== undefined) td.appendChild(valueEl(x, 1));
      });
      tr.appendChild(el('td', 'num', typeof g.output_bytes === 'number'
          ? bytesText(g.output_bytes) + (g.bytes_exact === false ? ' (some dtypes unknown)' : '')
          : ''));
    });
    if (sigs.length > limit) {
      var more = body.insertRow().insertCell();
      more.colSpan = cols.length;
      more.textContent = '... ' + fmt(sigs.length - limit) + ' more';
    }
    panelEl.appendChild(t);
    // Fields of a signature beyond the known ones, as they are.
    sigs.slice(0, limit).forEach(function (g, i) {
      if (!isObject(g)) return;
      var extra = Object.keys(g).filter(function (k) { return SIGNATURE_FIELDS.indexOf(k) < 0; });
      if (extra.length) {
        panelEl.appendChild(el('div', 'subtitle', 'signature ' + i));
        panelEl.appendChild(kvTable(g, extra, 1));
      }
    });
  }

  function otherFields(obj, known) {
    var other = Object.keys(obj).filter(function (k) { return known.indexOf(k) < 0; });
    if (!other.length) return;
    section('Other fields');
    panelEl.appendChild(kvTable(obj, other, 1));
  }

  function childrenSection(id) {
    var ids = childIds(id);
    if (!ids.length) return;
    section(plural(ids.length, 'callee', 'callees'));
    var ul = el('ul');
    ids.slice(0, 50).forEach(function (c) {
      var li = el('li');
      li.appendChild(nodeLink(c));
      var loop = loopText(nodes[c]);
      if (loop) li.appendChild(document.createTextNode(' \u2014 ' + loop));
      ul.appendChild(li);
    });
    if (ids.length > 50) ul.appendChild(el('li', null, '... ' + fmt(ids.length - 50) + ' more in the outline'));
    panelEl.appendChild(ul);
  }

  function rootPanel(n) {
    heading(n);
    section('Run');
    var opts = isObject(meta.options) ? Object.keys(meta.options).map(function (k) {
      return k + '=' + meta.options[k];
    }).join(', ') : undefined;
    rowsTable([
      ['Source', meta.source, 'mono'],
      ['Profile', meta.profile],
      ['Why this profile', meta.profile_reason],
      ['Tool', meta.tool !== undefined ? meta.tool + ' ' + (meta.tool_version || '') : undefined],
      ['Pipeline', Array.isArray(meta.pipeline) ? meta.pipeline.join(' \u2192 ') : meta.pipeline, 'mono'],
      ['Options', opts, 'mono'],
      ['Calls', isObject(meta.totals) ? fmt(meta.totals.calls) : undefined],
      ['Ops', isObject(meta.totals) ? fmt(meta.totals.ops) : undefined],
      ['Ignored keys', Array.isArray(meta.ignored_keys) && meta.ignored_keys.length
          ? meta.ignored_keys.join(', ') : undefined],
      ['Schema', data.schema !== undefined ? data.schema + ' v' + data.schema_version : undefined]
    ]);
    if (Array.isArray(meta.stages) && meta.stages.length)
      guarded('Stages', meta.stages, function () {
        section('Stages');
        var order = ['name', 'modules', 'calls', 'ops', 'activation_bytes'];
        panelEl.appendChild(tableOf(meta.stages.map(function (s) {
          if (!isObject(s)) return { value: s };
          var o = {};
          order.concat(Object.keys(s)).forEach(function (k) {
            if (!(k in s) || k in o) return;
            o[k] = k === 'activation_bytes' && typeof s[k] === 'number' ? bytesText(s[k])
                 : k === 'name' && s[k] === null ? 'no stage' : s[k];
          });
          return o;
        }), 0));
      });
    if (Array.isArray(meta.runtime_events) && meta.runtime_events.length)
      guarded('Runtime events', meta.runtime_events, function () {
        // What the run recorded about itself; the profile makes notes of
        // the kinds it knows (docs/Profiles.md).
        section(plural(meta.runtime_events.length, 'runtime event', 'runtime events'));
        panelEl.appendChild(tableOf(meta.runtime_events.map(function (e) {
          if (!isObject(e)) return { value: e };
          var o = {};
          ['kind', 'module'].concat(Object.keys(e)).forEach(function (k) {
            if (k in e && !(k in o)) o[k] = e[k];
          });
          return o;
        }), 0));
      });
    if (Array.isArray(data.groups) && data.groups.length)
      guarded('Loops', data.groups, function () {
        section(plural(data.groups.length, 'loop', 'loops'));
        var t = el('table'), head = t.createTHead().insertRow();
        ['group', 'loop', 'calls', 'ops'].forEach(function (h) { head.appendChild(el('th', null, h)); });
        var body = t.createTBody();
        data.groups.slice(0, 200).forEach(function (g) {
          if (!isObject(g)) return;
          var tr = body.insertRow(), td = tr.insertCell();
          var a = el('a', null, g.class_name + ' @ ' + (g.pattern || g.name));
          a.addEventListener('click', function () {
            var id = findByAddress(g.pattern || g.name);
            if (id >= 0) go(id);
          });
          td.appendChild(a);
          tr.appendChild(el('td', 'nowrap', g.kind + ' ' + g.count));
          tr.appendChild(el('td', 'num', fmt(g.calls)));
          tr.appendChild(el('td', 'num', fmt(g.ops)));
        });
        if (data.groups.length > 200)
          body.insertRow().insertCell().textContent = '... ' + fmt(data.groups.length - 200) + ' more';
        panelEl.appendChild(t);
      });
    var otherMeta = Object.keys(meta).filter(function (k) {
      return ['tool', 'tool_version', 'source', 'profile', 'profile_reason', 'pipeline', 'options', 'totals',
              'ignored_keys', 'stages', 'runtime_events'].indexOf(k) < 0;
    });
    if (otherMeta.length) { section('More metadata'); panelEl.appendChild(kvTable(meta, otherMeta, 1)); }
    var otherTop = Object.keys(data).filter(function (k) {
      return ['schema', 'schema_version', 'metadata', 'groups', 'tree'].indexOf(k) < 0;
    });
    if (otherTop.length) { section('Other fields'); panelEl.appendChild(kvTable(data, otherTop, 1)); }
    otherFields(n, ['kind', 'calls', 'children']);
    childrenSection(0);
  }

  function variantPanel(item, n) {
    heading(n);
    if (item.kind === 'variants') {
      panelEl.appendChild(el('div', 'subtitle', 'Members of this group whose subtree differs'));
      section('Variants');
      panelEl.appendChild(variantsTable(n.variants));
      return;
    }
    var v = n.variants[item.k];
    panelEl.appendChild(el('div', 'subtitle', 'Variant ' + (item.k + 1) + ' of ' + n.variants.length));
    section('Variant');
    if (!isObject(v)) { panelEl.appendChild(valueEl(v)); return; }
    panelEl.appendChild(kvTable(v, Object.keys(v), 1));
  }

  function memberPanel(item, n) {
    if (item.kind === 'members') {
      heading(n);
      panelEl.appendChild(el('div', 'subtitle', plural(n.indices.length, 'member', 'members') +
                             ' [' + rangeText(n.indices) + ']'));
      if (Array.isArray(n.inactive) && n.inactive.length) {
        section('Never called (' + fmt(n.inactive.length) + ')');
        listOf(n.inactive, true);
      }
      return;
    }
    var index = n.indices[item.k];
    var a = memberAddress(String(n.address), index);
    var h = el('h2');
    h.appendChild(el('span', 'cls', n.class_name));
    h.appendChild(el('span', 'at', '@'));
    h.appendChild(el('span', 'addr', a));
    panelEl.appendChild(h);
    var sub = el('div', 'subtitle', 'member ' + index + ' of ');
    sub.appendChild(nodeLink(item.id));
    panelEl.appendChild(sub);
    var rows = [['Index', String(index)]];
    if (Array.isArray(n.variants))
      n.variants.forEach(function (v) {
        if (isObject(v) && Array.isArray(v.indices) && v.indices.indexOf(index) >= 0)
          rows.push(['Variant', '[' + (v.members || rangeText(v.indices)) + '] ' + variantRemark(v)]);
      });
    var never = inactiveOf(n, index);
    rows.push(['Never called', never.length ? never.join(', ') : undefined, 'mono']);
    if (isObject(n.metadata) && isObject(n.metadata.params)) {
      var mine = [];
      Object.keys(n.metadata.params).forEach(function (name) {
        var values = n.metadata.params[name];
        if (!Array.isArray(values)) return;
        values.forEach(function (v) {
          if (isObject(v) && typeof v.members === 'string' &&
              parseIndexSet(v.members).some(function (r) { return index >= r[0] && index <= r[1]; }))
            mine.push(name + '=' + JSON.stringify(v.value));
        });
      });
      rows.push(['Parameters', mine.join(', '), 'mono']);
    }
    if (isObject(n.metadata) && Array.isArray(n.metadata.signatures)) {
      // The signatures of this member's calls (a signature without members
      // is every member's).
      var sigs = n.metadata.signatures.filter(function (g) {
        return isObject(g) && (typeof g.members !== 'string' ||
            parseIndexSet(g.members).some(function (r) { return index >= r[0] && index <= r[1]; }));
      });
      rows.push(['Tensors', !sigs.length ? undefined : sigs.slice(0, 8).map(function (g) {
        return (tensorsText(g.inputs) || '?') + ' \u2192 ' + (tensorsText(g.outputs) || '?') +
               (g.call_indices !== undefined ? ' (call ' + g.call_indices + ')' : '');
      }).join('; ') + (sigs.length > 8 ? '; ... ' + fmt(sigs.length - 8) + ' more' : ''), 'mono']);
    }
    section('Member');
    rowsTable(rows);
  }

  // --- The picture --------------------------------------------------------
  var pictureNodes = null; // picture box id (n3) -> its element
  function pictureBoxes() {
    if (pictureNodes) return pictureNodes;
    pictureNodes = new Map();
    var svg = document.querySelector('#picture svg');
    if (svg)
      svg.querySelectorAll('g.node').forEach(function (g) {
        var t = g.querySelector('title');
        if (t) pictureNodes.set(t.textContent.trim(), g);
      });
    return pictureNodes;
  }
  var highlighted = null;
  function highlightPicture(id) {
    if (highlighted) highlighted.classList.remove('selected');
    highlighted = id >= 0 ? pictureBoxes().get('n' + id) || null : null;
    if (highlighted) highlighted.classList.add('selected');
  }
  function pictureLink(id) {
    var g = pictureBoxes().get('n' + id);
    if (!g) return;
    var p = el('p'), a = el('a', null, 'Show in the picture');
    a.addEventListener('click', function () {
      $('picture').open = true;
      g.scrollIntoView({ block: 'center', inline: 'center' });
    });
    p.appendChild(a);
    panelEl.appendChild(p);
  }
  function wirePicture() {
    var frame = document.querySelector('#picture .frame');
    var fit = $('picture-fit');
    if (fit && frame)
      fit.addEventListener('click', function () {
        frame.classList.toggle('fit');
        fit.textContent = frame.classList.contains('fit') ? 'Actual size' : 'Fit to width';
      });
    if (frame)
      frame.addEventListener('click', function (e) {
        var g = e.target.closest && e.target.closest('g.node');
        var t = g && g.querySelector('title');
        var m = t && /^n(\d+)$/.exec(t.textContent.trim());
        if (m && +m[1] < nodes.length) go(+m[1]);
      });
  }

  // --- Search -------------------------------------------------------------
  var lowAddr = null, lowClass = null;
  function buildSearchIndex() {
    lowAddr = new Array(nodes.length);
    lowClass = new Array(nodes.length);
    for (var id = 0; id < nodes.length; ++id) {
      var n = nodes[id];
      lowAddr[id] = typeof n.address === 'string' ? n.address.toLowerCase() : '';
      lowClass[id] = typeof n.class_name === 'string' ? n.class_name.toLowerCase() : '';
    }
  }
  function search(q) {
    q = q.trim();
    resultsEl.textContent = '';
    if (!q) { resultsEl.hidden = true; return []; }
    if (!lowAddr) buildSearchIndex();
    var lq = q.toLowerCase(), exact = [], found = [];
    var concrete = /^[^\s\[\]*]+$/.test(q) && /\d/.test(q);
    for (var id = 1; id < nodes.length; ++id) {
      var hit = lowAddr[id].indexOf(lq) >= 0 || lowClass[id].indexOf(lq) >= 0;
      if (!hit && concrete && lowAddr[id].indexOf('[') >= 0)
        hit = patternMatches(nodes[id].address, q);
      if (!hit) continue;
      if (lowAddr[id] === lq || lowClass[id] === lq) exact.push(id); else found.push(id);
    }
    var all = exact.concat(found);
    resultsEl.hidden = false;
    resultsEl.appendChild(el('div', 'count',
        all.length ? plural(all.length, 'match', 'matches') +
                     (all.length > MAX_RESULTS ? ', the first ' + MAX_RESULTS + ' shown' : '')
                   : 'No address or class contains "' + q + '"'));
    var ol = el('ol');
    all.slice(0, MAX_RESULTS).forEach(function (id, i) {
      var n = nodes[id], li = el('li');
      li.dataset.id = id;
      li.dataset.address = n.address;
      if (i === 0) li.classList.add('active');
      li.appendChild(marked(String(n.class_name), q, 'cls'));
      li.appendChild(el('span', 'at', ' @ '));
      li.appendChild(marked(String(n.address), q, 'addr'));
      var loop = loopText(n);
      if (loop) li.appendChild(el('span', 'remark', '  ' + loop));
      li.addEventListener('click', function () { go(id); });
      ol.appendChild(li);
    });
    resultsEl.appendChild(ol);
    return all;
  }
  function marked(text, q, cls) {
    var span = el('span', cls), at = text.toLowerCase().indexOf(q.toLowerCase());
    if (at < 0 || !q) { span.textContent = text; return span; }
    span.appendChild(document.createTextNode(text.slice(0, at)));
    span.appendChild(el('mark', null, text.slice(at, at + q.length)));
    span.appendChild(document.createTextNode(text.slice(at + q.length)));
    return span;
  }
  var searchTimer = 0;
  searchEl.addEventListener('input', function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { search(searchEl.value); }, 120);
  });
  searchEl.addEventListener('keydown', function (e) {
    if (e.key === 'Enter') {
      clearTimeout(searchTimer);
      var all = search(searchEl.value);
      if (all.length) go(all[0]);
    } else if (e.key === 'Escape') {
      searchEl.value = '';
      search('');
    }
  });

  // Reveals and selects node id (a user's action).
  function go(id) {
    userAction = true;
    select(reveal(id), true);
  }

  // --- The outline's events -------------------------------------------------
  treeEl.addEventListener('click', function (e) {
    var row = e.target.closest('.row');
    if (!row || row.classList.contains('more')) return;
    var key = row.dataset.key;
    if (e.target.classList.contains('twisty')) { toggle(key); return; }
    userAction = true;
    select(key, false);
  });
  treeEl.addEventListener('dblclick', function (e) {
    var row = e.target.closest('.row');
    if (row && row.dataset.key) toggle(row.dataset.key);
  });
  treeEl.addEventListener('keydown', function (e) {
    if (!selectedKey) return;
    var rows = visibleRows(), at = -1;
    for (var i = 0; i < rows.length; ++i) if (rows[i].dataset.key === selectedKey) at = i;
    var move = function (i) {
      if (i >= 0 && i < rows.length) {
        userAction = true;
        select(rows[i].dataset.key, false);
        scrollIntoTree(rows[i], false);
      }
    };
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'ArrowRight') {
      if (!isExpanded(selectedKey)) expand(selectedKey); else move(at + 1);
    } else if (e.key === 'ArrowLeft') {
      if (isExpanded(selectedKey)) collapse(selectedKey);
      else {
        var up = wrapOf.get(selectedKey).parentNode.closest('.item');
        if (up) { userAction = true; select(up.firstChild.dataset.key, true); }
      }
    } else if (e.key === 'Enter' || e.key === ' ') toggle(selectedKey);
    else return;
    e.preventDefault();
  });
  $('expand-all').addEventListener('click', function () { expandAll(Infinity); });
  $('collapse-all').addEventListener('click', collapseAll);

  // --- The header -----------------------------------------------------------
  function renderHeader() {
    var s = $('summary'), parts = [];
    if (meta.source !== undefined) parts.push('source ' + meta.source);
    if (meta.profile !== undefined) parts.push('profile ' + meta.profile);
    if (isObject(meta.totals))
      parts.push(plural(meta.totals.calls, 'module call', 'module calls') + ', ' +
                 plural(meta.totals.ops, 'op', 'ops'));
    parts.push(plural(nodes.length - 1, 'node', 'nodes') + ' in the tree');
    if (Array.isArray(data.groups)) parts.push(plural(data.groups.length, 'loop', 'loops'));
    parts.forEach(function (p, i) {
      if (i) s.appendChild(el('span', 'sep', '|'));
      s.appendChild(document.createTextNode(p));
    });
    var stages = $('stages');
    (Array.isArray(meta.stages) ? meta.stages : []).forEach(function (st) {
      if (!isObject(st)) return;
      var card = el('span', 'stage-card');
      var name = st.name === null || st.name === undefined ? 'no stage' : String(st.name);
      if (st.name !== null && st.name !== undefined) {
        var c = stageColours(name);
        card.style.setProperty('--stage-fill', c[0]);
        card.style.setProperty('--stage-line', c[1]);
      }
      card.appendChild(el('b', null, name));
      var bits = [];
      if (typeof st.modules === 'number') bits.push(plural(st.modules, 'module', 'modules'));
      if (typeof st.ops === 'number') bits.push(plural(st.ops, 'op', 'ops'));
      if (typeof st.activation_bytes === 'number') bits.push(bytesText(st.activation_bytes));
      card.appendChild(document.createTextNode(bits.join(', ')));
      stages.appendChild(card);
    });
  }

  // --- Start ----------------------------------------------------------------
  var rootItem = nodeItem(0);
  function start() {
    renderHeader();
    treeEl.textContent = '';
    treeEl.appendChild(makeItem(rootItem));
    var params = new URLSearchParams(location.search);
    new URLSearchParams(location.hash.replace(/^#/, '')).forEach(function (v, k) {
      params.set(k, v);
    });
    var levels = params.get('expand');
    if (levels === 'all') expandAll(Infinity);
    else if (levels !== null && /^\d+$/.test(levels)) expandAll(+levels);
    else autoExpand();
    wirePicture();
    var target = params.get('node');
    var id = target !== null ? findByAddress(target) : -1;
    if (target !== null && id < 0) banner('No node has the address ' + target + '.');
    if (id >= 0) select(revealAddress(id, target), true);
    else select(rootItem.key, false);
    var q = params.get('search');
    if (q !== null) { searchEl.value = q; search(q); }
  }
  try {
    start();
  } catch (e) {
    banner('The report could not be rendered: ' + e.message);
  }
  // Interactive from here: layout is done, the time is recorded (utils
  // report benchmarks read it from the DOM).
  void document.body.offsetHeight;
  document.documentElement.setAttribute('data-ready-ms', String(Math.round(performance.now())));
})();
