// Insert a snippet into an HTML response right after <head> (else after
// <html> or the doctype), working on bytes so the page's encoding and the
// rest of the stream are left as they are.

/** Bytes looked at, at most, before giving up on finding <head>. */
const LOOKAHEAD = 32 * 1024;

/**
 * @param {ReadableStream<Uint8Array>} body
 * @param {string} snippet
 * @returns {ReadableStream<Uint8Array>}
 */
export function injectIntoHead(body, snippet) {
  const insert = new TextEncoder().encode(snippet);
  /** @type {Uint8Array | null} bytes held back while looking for the spot */
  let held = new Uint8Array(0);
  const emit = (/** @type {TransformStreamDefaultController<Uint8Array>} */ controller, /** @type {number} */ at) => {
    const bytes = /** @type {Uint8Array} */ (held);
    if (at > 0) controller.enqueue(bytes.subarray(0, at));
    controller.enqueue(insert);
    if (at < bytes.length) controller.enqueue(bytes.subarray(at));
    held = null;
  };
  return body.pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        if (held === null) return controller.enqueue(chunk);
        const joined = new Uint8Array(held.length + chunk.length);
        joined.set(held);
        joined.set(chunk, held.length);
        held = joined;
        const at = insertionPoint(held, held.length >= LOOKAHEAD);
        if (at !== null) emit(controller, at);
      },
      flush(controller) {
        if (held !== null) emit(controller, insertionPoint(held, true) ?? 0);
      },
    }),
  );
}

/**
 * Where the snippet goes, or null when more bytes are needed to tell.
 * @param {Uint8Array} bytes @param {boolean} final
 */
export function insertionPoint(bytes, final) {
  // windows-1252 maps every byte to one character: string offsets are byte offsets.
  const text = new TextDecoder("windows-1252").decode(bytes.subarray(0, LOOKAHEAD));
  const head = /<head(?:\s[^>]*)?>/i.exec(text);
  if (head) return head.index + head[0].length;
  // Past these, a <head> would come no more: the parser has started the body.
  if (!final && !/<(body|script|style|link|meta|title|div|p)[\s>]/i.test(text)) return null;
  for (const pattern of [/<html(?:\s[^>]*)?>/i, /<!doctype[^>]*>/i]) {
    const match = pattern.exec(text);
    if (match) return match.index + match[0].length;
  }
  return 0;
}
