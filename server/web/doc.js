// The readable view of one document (/doc/INDEX/ID): its stored fields,
// right to left, read through the API with the page's own access. Text is
// inserted with textContent only. With a key-less page under
// -public-search, stored documents need a key: the view then reads the
// document as a search for its id, which returns the same fields a hit
// shows.
'use strict';

(() => {
  const TITLE_FIELDS = ['title', 'name', 'headline', 'العنوان'];
  const FIELD_LABELS = {
    title: 'العنوان', text: 'النص', sura_name: 'السورة', sura: 'رقم السورة', aya: 'رقم الآية', category: 'التصنيف',
    section: 'القسم', source: 'المصدر', author: 'الكاتب', year: 'السنة', date: 'التاريخ', tags: 'الوسوم',
    language: 'اللغة', type: 'النوع', url: 'الرابط',
  };
  const $ = (id) => document.getElementById(id);

  // Latin and digit runs keep their order inside right-to-left text.
  const ltrRun = /[A-Za-z0-9<(\[{"'#@$](?:[\x20-\x7E]*[A-Za-z0-9>)\]}"'%])?|[\u0660-\u0669\u06F0-\u06F9]+/g;
  function appendText(parent, text) {
    let at = 0;
    for (const m of text.matchAll(ltrRun)) {
      if (m.index > at) parent.append(document.createTextNode(text.slice(at, m.index)));
      const b = document.createElement('bdi');
      b.textContent = m[0];
      parent.append(b);
      at = m.index + m[0].length;
    }
    if (at < text.length) parent.append(document.createTextNode(text.slice(at)));
  }

  class PageError extends Error {}

  async function api(path, options = {}) {
    let res;
    try {
      res = await fetch(path, { headers: { 'Content-Type': 'application/json' }, ...options });
    } catch {
      throw new PageError('تعذّر الاتصال بالخادم.');
    }
    let body = null;
    try { body = await res.json(); } catch { /* not JSON */ }
    if (!res.ok) {
      const err = new PageError('تعذّر تحميل المستند.');
      err.status = res.status;
      throw err;
    }
    return body;
  }

  // load returns the stored fields of the document, and the index's fields.
  async function load(name, id) {
    const ix = `/v1/indexes/${encodeURIComponent(name)}`;
    const list = await api('/v1/indexes').catch(() => ({ indexes: [] }));
    const info = (list.indexes || []).find((i) => i.name === name);
    const schema = ((info || {}).schema || {}).fields || [];
    try {
      return { doc: await api(`${ix}/documents/${encodeURIComponent(id)}`), schema };
    } catch (err) {
      if (err.status === 404) throw new PageError(`لا يوجد مستند بالمعرّف «${id}» في الفهرس «${name}».`);
      if (err.status !== 401 && err.status !== 403) throw err;
    }
    const res = await api(`${ix}/search`, {
      method: 'POST',
      body: JSON.stringify({ query: '', filters: [{ field: 'id', terms: [id] }], size: 1, related: false, highlight: { disabled: true } }),
    }).catch(() => { throw new PageError('يطلب هذا الخادم مفتاح API لقراءة المستندات.'); });
    if (!res.hits || !res.hits.length) throw new PageError(`لا يوجد مستند بالمعرّف «${id}» في الفهرس «${name}».`);
    return { doc: res.hits[0].fields, schema };
  }

  // order puts the title first, then text fields, then the others.
  function order(doc, schema, title) {
    const type = (n) => (schema.find((f) => f.name === n) || {}).type || '';
    const rank = (n) => (n === title ? 0 : type(n) === 'text' ? 1 : 2);
    return Object.keys(doc).filter((n) => n !== 'id').sort((a, b) => rank(a) - rank(b));
  }

  function render(name, id, doc, schema) {
    const title = TITLE_FIELDS.find((n) => typeof doc[n] === 'string') || '';
    document.title = `${title ? doc[title] : id} — فهرس`;
    appendText($('doc-title'), title ? doc[title] : id);
    $('doc-id').textContent = id;
    $('doc-index').textContent = name;
    for (const field of order(doc, schema, title)) {
      const dt = document.createElement('dt');
      appendText(dt, FIELD_LABELS[field] || field);
      const dd = document.createElement('dd');
      dd.dataset.field = field;
      const v = doc[field];
      if (typeof v === 'string') dd.dir = 'auto'; // numbers and dates stay in the page's right-to-left flow
      appendText(dd, Array.isArray(v) ? v.join('، ') : String(v));
      $('fields').append(dt, dd);
    }
    $('doc').hidden = false;
    $('status').textContent = '';
  }

  async function init() {
    const parts = location.pathname.split('/');
    const name = decodeURIComponent(parts[2] || '');
    const id = decodeURIComponent(parts.slice(3).join('/'));
    $('back').href = `/?index=${encodeURIComponent(name)}`;
    try {
      const { doc, schema } = await load(name, id);
      render(name, id, doc, schema);
    } catch (err) {
      $('status').textContent = err instanceof PageError ? err.message : 'تعذّر تحميل المستند.';
      $('status').classList.add('error');
    }
    document.body.dataset.ready = 'true';
  }

  init();
})();
