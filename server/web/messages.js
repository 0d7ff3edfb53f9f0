// The messages of the search page in Arabic: an error answer of the API
// becomes a sentence for the reader, by its code; the server's own
// (English) message is kept as detail. Loaded before app.js, which reads
// window.fahrasMessages.
'use strict';

(() => {
  // ApiError carries an Arabic message for the page and, in detail, the
  // server's own (English) message, shown as the status line's tooltip.
  class ApiError extends Error {
    constructor(message, { code = '', detail = '', notice = false } = {}) {
      super(message);
      Object.assign(this, { code, detail, notice });
    }
  }

  // arabicError turns an error answer into a message for the reader.
  function arabicError(status, error) {
    const code = (error && error.code) || '';
    const detail = (error && error.message) || `HTTP ${status}`;
    const at = /at character (\d+)/.exec(detail);
    const where = at ? ` عند الحرف ${at[1]}` : '';
    const field = /unknown field "([^"]*)"/.exec(detail);
    const e = (message, notice = false) => new ApiError(message, { code, detail, notice });
    switch (true) {
      case code === 'unauthorized':
        return e('يطلب هذا الخادم مفتاح API للقراءة؛ شغّله مع الخيار -public-search لتعمل صفحة البحث.');
      case code === 'forbidden':
        return e('لا يسمح مفتاح API بهذا الفهرس.');
      case code === 'invalid_query' && /unterminated phrase/.test(detail):
        return e('علامة التنصيص " مفتوحة: أكمل العبارة ثم أغلقها بعلامة " ثانية.', true);
      case code === 'invalid_query' && field !== null:
        return e(`لا يوجد في هذا الفهرس حقل باسم «${field[1]}»؛ اكتب الكلمة بلا نقطتين ( : ) للبحث عنها.`);
      case code === 'invalid_query':
        return e(`لم تُفهم صيغة البحث${where}. راجع علامات التنصيص والرموز + - * ~ :`);
      case code === 'not_found':
        return e('هذا الفهرس غير موجود؛ أعد تحميل الصفحة.');
      case code === 'timeout':
        return e('استغرق البحث وقتاً أطول من المسموح؛ جرّب كلمات أقل أو أدق.');
      case code === 'uri_too_long' || code === 'too_large' || /characters, at most/.test(detail):
        return e('نص البحث أطول من المسموح؛ اختصره.');
      case code === 'invalid_request' || code === 'invalid' || code === 'unknown_field':
        return e('لم يقبل الخادم طلب البحث.');
      case code === 'overloaded':
        return e('الخادم مشغول بعمليات بحث كثيرة؛ أعد المحاولة بعد قليل.');
      case code === 'busy':
        return e('يُعاد بناء هذا الفهرس الآن؛ أعد المحاولة بعد قليل.');
      case status === 503:
        return e('الخادم غير جاهز الآن؛ أعد المحاولة بعد قليل.');
      default:
        return e('حدث خطأ في الخادم؛ أعد المحاولة.');
    }
  }

  window.fahrasMessages = Object.freeze({ ApiError, arabicError });
})();
