// The fahras search page. Everything the API returns is inserted with DOM
// methods and textContent; no document or query text ever goes through
// innerHTML. Highlight fragments arrive HTML-escaped with <mark> tags: they
// are split on those exact tags, unescaped, and set as text.
'use strict';

(() => {
  const PAGE_SIZE = 10;
  const DEBOUNCE_MS = 250;
  const FACET_SIZE = 8;
  const FACET_MORE = 20; // buckets added by a facet's "more" button
  const SLOW_MS = 300; // a search still running after this shows that it is loading
  const TITLE_FIELDS = ['title', 'name', 'headline', 'العنوان'];
  // Arabic labels for common field names; other fields show their name.
  const FIELD_LABELS = {
    title: 'العنوان', sura_name: 'السورة', sura: 'رقم السورة', aya: 'رقم الآية', category: 'التصنيف',
    section: 'القسم', source: 'المصدر', author: 'الكاتب', year: 'السنة', date: 'التاريخ', tags: 'الوسوم',
    language: 'اللغة', type: 'النوع',
  };
  const fieldLabel = (name) => FIELD_LABELS[name] || name;

  const $ = (id) => document.getElementById(id);
  const el = {
    form: $('search-form'), q: $('q'), index: $('index'), picker: $('index-picker'),
    diacritics: $('diacritics'), all: $('all'), status: $('status'), results: $('results'),
    facets: $('facets'), pager: $('pager'), prev: $('prev'), next: $('next'),
    pageInfo: $('page-info'), resultsTitle: $('results-title'), active: $('active-filters'),
  };

  const state = {
    indexes: [], index: '', q: '', page: 1, diacritics: false, all: false,
    filters: new Map(), // field -> Set of terms; kept when the query changes (the "clear" control drops them)
    facetSizes: new Map(), // field -> buckets asked for, when its "more" button was used
  };

  let timer = 0;
  let inflight = null;
  let seq = 0;

  // ---- text helpers ----------------------------------------------------

  const entities = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", '#34': '"' };
  const unescapeHTML = (s) => s.replace(/&(lt|gt|amp|quot|#39|#34);/g, (_, e) => entities[e]);

  // Runs of Latin text and digits (ASCII from a letter, digit or opening
  // sign to a letter, digit or closing sign) and runs of Arabic-Indic digits
  // are isolated, so that they keep their order inside right-to-left text.
  // Sentence punctuation at the end of a run stays outside it.
  const ltrRun = /[A-Za-z0-9<(\[{"'#@$](?:[\x20-\x7E]*[A-Za-z0-9>)\]}"'%])?|[\u0660-\u0669\u06F0-\u06F9]+(?:[.,\u066B\u066C][\u0660-\u0669\u06F0-\u06F9]+)*/g;
  const hasWord = /[A-Za-z0-9\u0660-\u0669\u06F0-\u06F9]/;

  // appendText adds text to parent, isolating Latin and digit runs in <bdi>.
  function appendText(parent, text) {
    let at = 0;
    for (const m of text.matchAll(ltrRun)) {
      if (!hasWord.test(m[0])) continue;
      if (m.index > at) parent.append(document.createTextNode(text.slice(at, m.index)));
      const b = document.createElement('bdi');
      b.textContent = m[0];
      parent.append(b);
      at = m.index + m[0].length;
    }
    if (at < text.length) parent.append(document.createTextNode(text.slice(at)));
  }

  // appendFragment adds one highlight fragment: escaped text with <mark>
  // and </mark> tags, nothing else.
  function appendFragment(parent, fragment) {
    let mark = null;
    for (const part of fragment.split(/(<mark>|<\/mark>)/)) {
      if (part === '<mark>') { mark = document.createElement('mark'); parent.append(mark); continue; }
      if (part === '</mark>') { mark = null; continue; }
      if (part) appendText(mark || parent, unescapeHTML(part));
    }
  }

  const nf = new Intl.NumberFormat('ar-EG-u-nu-latn');
  const fmt = (n) => nf.format(n);
  const msf = new Intl.NumberFormat('ar-EG-u-nu-latn', { maximumFractionDigits: 1 });

  // resultsLabel is "N results" with the Arabic plural forms.
  function resultsLabel(n) {
    if (n === 0) return 'لا نتائج';
    if (n === 1) return 'نتيجة واحدة';
    if (n === 2) return 'نتيجتان';
    const m = n % 100;
    if (m >= 3 && m <= 10) return `${fmt(n)} نتائج`;
    return `${fmt(n)} نتيجة`;
  }

  // ---- API ---------------------------------------------------------------

  const { ApiError, arabicError } = window.fahrasMessages; // messages.js

  // A server running as many searches as it allows answers 503 with
  // Retry-After: the page asks again after that many seconds, a few times.
  const MAX_RETRIES = 3;

  function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      if (signal) {
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          reject(new DOMException('aborted', 'AbortError'));
        }, { once: true });
      }
    });
  }

  async function api(path, options = {}, attempt = 0) {
    let res;
    try {
      res = await fetch(path, { headers: { 'Content-Type': 'application/json' }, ...options });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new ApiError('تعذّر الاتصال بالخادم؛ تأكد أنه يعمل ثم أعد المحاولة.', { detail: String(err) });
    }
    const retry = parseInt(res.headers.get('Retry-After'), 10);
    if (res.status === 503 && retry >= 0 && attempt < MAX_RETRIES) {
      document.body.dataset.retries = String(Number(document.body.dataset.retries || 0) + 1);
      await sleep(retry * 1000, options.signal);
      return api(path, options, attempt + 1);
    }
    let body = null;
    try { body = await res.json(); } catch { /* not JSON */ }
    if (!res.ok) throw arabicError(res.status, body && body.error);
    return body;
  }

  // showError puts err on the status line: in red, or as a plain notice
  // for what is only unfinished (an open quote while typing).
  function showError(prefix, err) {
    el.status.replaceChildren();
    appendText(el.status, err.notice ? err.message : `${prefix}: ${err.message}`);
    el.status.title = err.detail || '';
    el.status.classList.add(err.notice ? 'notice' : 'error');
  }

  const currentIndex = () => state.indexes.find((ix) => ix.name === state.index);
  const schemaFields = () => ((currentIndex() || {}).schema || {}).fields || [];
  // Term facets: keyword fields only (number and date facets need ranges).
  const facetFields = () => schemaFields().filter((f) => f.facet && f.type === 'keyword').map((f) => f.name);

  function titleField(hit) {
    const fields = schemaFields();
    for (const name of TITLE_FIELDS) {
      if (typeof hit.fields[name] === 'string') return name;
    }
    const kw = fields.find((f) => f.type === 'keyword' && typeof hit.fields[f.name] === 'string');
    return kw ? kw.name : '';
  }

  // ---- URL state ---------------------------------------------------------

  function readURL() {
    const p = new URLSearchParams(location.search);
    state.q = p.get('q') || '';
    state.index = p.get('index') || '';
    state.page = Math.max(1, parseInt(p.get('page') || '1', 10) || 1);
    state.diacritics = p.get('diacritics') === '1';
    state.all = p.get('all') === '1';
    state.filters = new Map();
    for (const f of p.getAll('filter')) {
      const i = f.indexOf(':');
      if (i > 0) addFilter(f.slice(0, i), f.slice(i + 1));
    }
  }

  function writeURL(push) {
    const p = new URLSearchParams();
    if (state.q) p.set('q', state.q);
    if (state.indexes.length > 1) p.set('index', state.index);
    if (state.page > 1) p.set('page', String(state.page));
    if (state.diacritics) p.set('diacritics', '1');
    if (state.all) p.set('all', '1');
    for (const [field, terms] of state.filters) for (const t of terms) p.append('filter', `${field}:${t}`);
    const url = p.toString() ? `?${p}` : location.pathname;
    if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
  }

  function addFilter(field, term) {
    if (!state.filters.has(field)) state.filters.set(field, new Set());
    state.filters.get(field).add(term);
  }

  function syncControls() {
    el.q.value = state.q;
    el.index.value = state.index;
    el.diacritics.checked = state.diacritics;
    el.all.checked = state.all;
  }

  // ---- search ------------------------------------------------------------

  function request() {
    const facets = {};
    for (const f of facetFields()) facets[f] = { field: f, size: facetSize(f) };
    const filters = [];
    for (const [field, terms] of state.filters) if (terms.size) filters.push({ field, terms: [...terms] });
    return {
      // While a word is being typed (no space after it), it also
      // matches the words that begin with it.
      // lenient: what is still being typed (an unclosed quote, a
      // trailing * or -) is read as plain text, not an error.
      query: state.q, all: state.all, diacritics: state.diacritics, prefix_last: !/\s$/.test(state.q), lenient: true,
      from: (state.page - 1) * PAGE_SIZE, size: PAGE_SIZE,
      filters, facets, highlight: { fragments: 2, fragment_size: 180 },
    };
  }

  const facetSize = (field) => state.facetSizes.get(field) || FACET_SIZE;

  // ownFacets counts the terms of every filtered field without that
  // field's own filter, so that several terms of one field can be chosen
  // (terms of a field are OR'ed; fields are AND'ed).
  async function ownFacets(post) {
    const out = {};
    await Promise.all([...state.filters.keys()].filter((f) => facetFields().includes(f)).map(async (field) => {
      const req = request();
      req.filters = req.filters.filter((f) => f.field !== field);
      req.facets = { [field]: { field, size: facetSize(field) } };
      req.from = 0;
      req.size = 1;
      req.highlight = { disabled: true };
      const res = await post(req);
      out[field] = (res.facets || {})[field];
    }));
    return out;
  }

  async function search(push) {
    writeURL(push);
    const mine = ++seq;
    if (inflight) inflight.abort();
    if (!state.q.trim()) {
      clearResults();
      renderActiveFilters();
      el.status.textContent = state.index ? 'اكتب كلمة للبحث.' : '';
      document.body.dataset.rendered = '';
      return;
    }
    inflight = new AbortController();
    el.results.setAttribute('aria-busy', 'true');
    const slow = setTimeout(() => { if (mine === seq) el.status.textContent = 'جارٍ البحث…'; }, SLOW_MS);
    try {
      const path = `/v1/indexes/${encodeURIComponent(state.index)}/search`;
      const post = (body) => api(path, { method: 'POST', body: JSON.stringify(body), signal: inflight.signal });
      const [res, own] = await Promise.all([post(request()), ownFacets(post)]);
      if (mine !== seq) return;
      res.facets = { ...(res.facets || {}), ...own };
      render(res);
      document.body.dataset.rendered = state.q;
    } catch (err) {
      if (err.name === 'AbortError' || mine !== seq) return;
      clearResults();
      showError('تعذّر البحث', err instanceof ApiError ? err : new ApiError('تعذّر عرض النتائج.', { detail: String(err) }));
      renderActiveFilters();
      document.body.dataset.rendered = state.q;
    } finally {
      clearTimeout(slow);
      if (mine === seq) el.results.removeAttribute('aria-busy');
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => search(false), DEBOUNCE_MS);
  }

  function now() {
    clearTimeout(timer);
    search(false);
  }

  // ---- rendering ---------------------------------------------------------

  function clearResults() {
    el.results.replaceChildren();
    el.facets.replaceChildren();
    el.facets.hidden = true;
    el.pager.hidden = true;
    el.active.replaceChildren();
    el.active.hidden = true;
    el.status.classList.remove('error', 'notice');
    el.status.title = '';
  }

  function render(res) {
    clearResults();
    const pages = Math.max(1, Math.ceil(res.total / PAGE_SIZE));
    el.status.replaceChildren();
    appendText(el.status, `${resultsLabel(res.total)} — ${msf.format(res.took_ms)} ملّي ثانية`);
    if (res.total === 0) appendText(el.status, `. ${noResultHint()}`);
    if (res.related) appendText(el.status, '، تليها نتائج ذات صلة لا تحتوي كلمات البحث');
    for (const rw of res.rewrites || []) {
      if (rw.split) appendText(el.status, `. بُحث عن «${rw.word}» كلمتين: «${rw.split.join(' ')}»`);
      else if (rw.typo) appendText(el.status, `. «${rw.word}» ليست في الفهرس، فبُحث عن كلمات قريبة منها`);
    }
    const dropped = (res.rewrites || []).filter((rw) => rw.dropped).map((rw) => rw.word);
    if (dropped.length) appendText(el.status, `. البحث طويل، فلم يُبحث عن أكثر كلماته شيوعًا: ${dropped.join(' ')}`);
    res.hits.forEach((hit, i) => {
      if (hit.related && (i === 0 || !res.hits[i - 1].related)) el.results.append(relatedHead());
      el.results.append(renderHit(hit, (state.page - 1) * PAGE_SIZE + i + 1));
    });
    el.results.start = (state.page - 1) * PAGE_SIZE + 1;
    renderFacets(res.facets || {});
    renderActiveFilters();
    renderPager(pages);
  }

  // noResultHint suggests what may find something, from what is switched
  // on: the diacritics match, all words, the filters.
  function noResultHint() {
    const undo = [];
    if (state.diacritics) undo.push('ألغِ «مطابقة التشكيل»');
    if (state.all) undo.push('ألغِ «كل الكلمات»');
    if (state.filters.size) undo.push('ألغِ التصفية');
    if (!undo.length) return 'جرّب كلمات أخرى أو أقل، أو تحقق من الإملاء.';
    return `${undo.join('، أو ')}، أو جرّب كلمات أخرى.`;
  }

  // renderActiveFilters lists the chosen facet terms above the results,
  // with a control that drops them all. Filters stay when the query
  // changes: this is where they are seen and cleared.
  function renderActiveFilters() {
    el.active.replaceChildren();
    const chosen = [...state.filters].flatMap(([field, terms]) => [...terms].map((t) => [field, t]));
    el.active.hidden = chosen.length === 0;
    if (!chosen.length) return;
    const label = document.createElement('span');
    label.textContent = 'التصفية:';
    el.active.append(label);
    for (const [field, term] of chosen) {
      const chip = document.createElement('span');
      chip.className = 'chip';
      chip.dataset.field = field;
      appendText(chip, `${fieldLabel(field)}: ${term}`);
      el.active.append(chip);
    }
    const clear = document.createElement('button');
    clear.type = 'button';
    clear.id = 'clear-filters';
    clear.textContent = 'إلغاء التصفية';
    clear.addEventListener('click', () => { state.filters = new Map(); state.page = 1; now(); });
    el.active.append(clear);
  }

  // relatedHead introduces the related hits: documents without the
  // searched words that share the vocabulary of the best matches.
  function relatedHead() {
    const li = document.createElement('li');
    li.className = 'related-head';
    li.setAttribute('role', 'presentation');
    const h = document.createElement('h3');
    h.textContent = 'نتائج ذات صلة';
    const p = document.createElement('p');
    p.textContent = 'لا تحتوي كلمات البحث، لكنها تشترك في مفردات أفضل النتائج.';
    li.append(h, p);
    return li;
  }

  function renderHit(hit, n) {
    const li = document.createElement('li');
    li.className = hit.related ? 'hit related' : 'hit';
    const article = document.createElement('article');
    const h = document.createElement('h3');
    h.className = 'hit-title';
    h.dir = 'auto';
    const tf = titleField(hit);
    const hl = hit.highlights || {};
    if (tf && hl[tf]) appendFragment(h, hl[tf][0]);
    else appendText(h, tf ? hit.fields[tf] : hit.id);
    article.append(h);

    let shown = 0;
    for (const [field, frags] of Object.entries(hl)) {
      if (field === tf) continue;
      for (const frag of frags) {
        const p = document.createElement('p');
        p.className = 'frag';
        p.dir = 'auto';
        appendFragment(p, frag);
        article.append(p);
        shown++;
      }
    }
    if (!shown) article.append(fallbackText(hit, tf));
    article.append(renderMeta(hit, n));
    li.append(article);
    return li;
  }

  // fallbackText shows the start of the hit's text when no fragment
  // matched outside the title: a text field of the schema (searched ones
  // first), never a keyword, number or date standing in for it.
  function fallbackText(hit, tf) {
    const p = document.createElement('p');
    p.className = 'frag';
    p.dir = 'auto';
    const texts = schemaFields().filter((f) => f.type === 'text' && f.name !== tf)
      .sort((a, b) => Number(Boolean(b.search)) - Number(Boolean(a.search)));
    for (const f of texts) {
      let v = hit.fields[f.name];
      if (Array.isArray(v)) v = v.filter((x) => typeof x === 'string').join(' … ');
      if (typeof v !== 'string' || !v) continue;
      appendText(p, v.length > 220 ? `${v.slice(0, 220)}…` : v);
      break;
    }
    return p;
  }

  function renderMeta(hit, n) {
    const meta = document.createElement('p');
    meta.className = 'meta';
    const num = document.createElement('span');
    num.className = 'num';
    num.textContent = `${fmt(n)}.`;
    const id = document.createElement('bdi');
    id.className = 'id';
    id.textContent = hit.id;
    meta.append(num, ' ', id);
    const tf = titleField(hit);
    for (const f of facetFields()) {
      const v = hit.fields[f];
      if (f === tf || v === undefined || v === null || v === '' || v === hit.fields[tf]) continue;
      const tag = document.createElement('span');
      tag.className = 'tag';
      appendText(tag, Array.isArray(v) ? v.join('، ') : String(v));
      meta.append(' ', tag);
    }
    const link = document.createElement('a');
    link.href = `/doc/${encodeURIComponent(state.index)}/${encodeURIComponent(hit.id)}`;
    link.textContent = 'المستند';
    link.className = 'doc-link';
    meta.append(' ', link);
    return meta;
  }

  function renderFacets(facets) {
    const names = Object.keys(facets).filter((k) => (facets[k].buckets || []).length || state.filters.has(k));
    if (!names.length) return;
    const details = document.createElement('details');
    details.open = window.matchMedia('(min-width: 48rem)').matches || state.filters.size > 0;
    const summary = document.createElement('summary');
    summary.textContent = 'تصفية النتائج';
    details.append(summary);
    for (const name of names.sort()) details.append(renderFacet(name, facets[name]));
    el.facets.append(details);
    el.facets.hidden = false;
  }

  function renderFacet(name, facet) {
    const fs = document.createElement('fieldset');
    const legend = document.createElement('legend');
    appendText(legend, fieldLabel(name));
    fs.append(legend);
    const selected = state.filters.get(name) || new Set();
    const buckets = [...(facet.buckets || [])];
    for (const t of selected) if (!buckets.some((b) => b.term === t)) buckets.push({ term: t, count: 0 });
    for (const b of buckets) {
      const label = document.createElement('label');
      label.className = 'facet';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = selected.has(b.term);
      box.dataset.field = name;
      box.dataset.term = b.term;
      const term = document.createElement('span');
      term.className = 'term';
      appendText(term, b.term);
      const count = document.createElement('span');
      count.className = 'count';
      count.textContent = fmt(b.count);
      label.append(box, ' ', term, ' ', count);
      fs.append(label);
    }
    if ((facet.buckets || []).length >= facetSize(name)) {
      const more = document.createElement('button');
      more.type = 'button';
      more.className = 'more';
      more.dataset.more = name;
      more.textContent = 'المزيد';
      more.addEventListener('click', () => { state.facetSizes.set(name, facetSize(name) + FACET_MORE); now(); });
      fs.append(more);
    }
    return fs;
  }

  function renderPager(pages) {
    el.pager.hidden = pages < 2;
    el.prev.disabled = state.page <= 1;
    el.next.disabled = state.page >= pages;
    el.pageInfo.replaceChildren();
    appendText(el.pageInfo, `صفحة ${fmt(state.page)} من ${fmt(pages)}`);
  }

  function goPage(delta) {
    state.page = Math.max(1, state.page + delta);
    search(true).then(() => {
      el.resultsTitle.focus({ preventScroll: true });
      window.scrollTo({ top: 0 });
    });
  }

  // ---- events --------------------------------------------------------------

  function bind() {
    el.q.addEventListener('input', (e) => {
      if (e.isComposing) return;
      state.q = el.q.value;
      state.page = 1;
      schedule();
    });
    el.q.addEventListener('compositionend', () => { state.q = el.q.value; state.page = 1; schedule(); });
    el.q.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && el.q.value) { e.preventDefault(); el.q.value = ''; state.q = ''; now(); }
    });
    el.form.addEventListener('submit', (e) => { e.preventDefault(); state.q = el.q.value; state.page = 1; now(); });
    el.index.addEventListener('change', () => {
      state.index = el.index.value; state.page = 1; state.filters = new Map(); state.facetSizes = new Map(); now();
    });
    el.diacritics.addEventListener('change', () => { state.diacritics = el.diacritics.checked; state.page = 1; now(); });
    el.all.addEventListener('change', () => { state.all = el.all.checked; state.page = 1; now(); });
    el.facets.addEventListener('change', (e) => {
      const box = e.target;
      if (!box.dataset || !box.dataset.field) return;
      const { field, term } = box.dataset;
      if (box.checked) addFilter(field, term);
      else if (state.filters.has(field)) {
        state.filters.get(field).delete(term);
        if (!state.filters.get(field).size) state.filters.delete(field);
      }
      state.page = 1;
      now();
    });
    el.prev.addEventListener('click', () => goPage(-1));
    el.next.addEventListener('click', () => goPage(1));
    document.addEventListener('keydown', (e) => {
      const t = e.target;
      const typing = t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement;
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        el.q.focus();
        el.q.select();
      }
    });
    window.addEventListener('popstate', () => { readURL(); syncControls(); search(false); });
  }

  async function init() {
    readURL();
    bind();
    try {
      const list = await api('/v1/indexes');
      state.indexes = list.indexes || [];
    } catch (err) {
      showError('تعذّر تحميل الفهارس', err);
      document.body.dataset.ready = 'error';
      return;
    }
    if (!state.indexes.length) {
      el.status.textContent = 'لا يوجد فهرس بعد. أنشئ فهرساً بواجهة البرمجة ثم أعد تحميل الصفحة.';
      return;
    }
    for (const ix of state.indexes) {
      const o = document.createElement('option');
      o.value = ix.name;
      o.textContent = `${ix.name} (${fmt(ix.documents)})`;
      el.index.append(o);
    }
    el.picker.hidden = state.indexes.length < 2;
    if (!currentIndex()) state.index = state.indexes[0].name;
    syncControls();
    document.body.dataset.ready = 'true';
    search(false);
  }

  init();
})();
