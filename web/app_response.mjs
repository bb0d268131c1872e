// The Response that App.fetch resolves to: a browser Response made by the
// page, with what a fetched one has and a page-made one lacks (its url, type
// "basic"), and a quick read of a body that came whole.
//
// Most answers arrive whole, with their start (worker/worker.mjs). Reading a
// page-made Response's body still goes through the browser's body loader, a
// task of its own: about 30 us of a small request's 200 us here, waiting in
// the queue. The bytes are already in hand, so arrayBuffer(), bytes(), text()
// and json() answer from them, and cancel the browser's copy so that the body
// counts as used, as a read leaves it. Once the page takes the body stream, or
// another read has used the body, the browser's copy decides.

const decoder = new TextDecoder(); // UTF-8, dropping a byte order mark, as Response.text() does

export class AppResponse extends Response {
  /** The whole body, while nothing has read it. @type {Uint8Array | null} */
  #whole;
  /** @type {string} */
  #url;

  /**
   * @param {BodyInit | null} body
   * @param {ResponseInit} init
   * @param {string} url the request's URL (a fetched Response names what was requested)
   * @param {Uint8Array | null} whole `body`'s bytes, when it is all of them and needs no decoding
   */
  constructor(body, init, url, whole) {
    super(body, init);
    this.#url = url;
    this.#whole = whole;
  }

  get url() {
    return this.#url;
  }

  get type() {
    return /** @type {ResponseType} */ ("basic");
  }

  get body() {
    this.#whole = null; // the stream may now be read or locked: the browser's copy decides
    return super.body;
  }

  /**
   * The whole body, when it came whole and nothing has read it; the body
   * counts as used from now on. Null otherwise: the browser's copy is read.
   * @returns {ArrayBuffer | null}
   */
  takeWhole() {
    const whole = this.#whole;
    if (whole === null || this.bodyUsed) return null;
    this.#whole = null;
    // Locked and disturbed, as a read leaves it: bodyUsed is true, a later read rejects, clone() throws.
    super.body?.getReader().cancel();
    // A view's buffer may hold more than its bytes.
    return whole.byteOffset === 0 && whole.byteLength === whole.buffer.byteLength ? whole.buffer : whole.slice().buffer;
  }

  arrayBuffer() {
    const whole = this.takeWhole();
    return whole ? Promise.resolve(whole) : super.arrayBuffer();
  }

  bytes() {
    const whole = this.takeWhole();
    return whole ? Promise.resolve(new Uint8Array(whole)) : super.bytes();
  }

  text() {
    const whole = this.takeWhole();
    return whole ? Promise.resolve(decoder.decode(whole)) : super.text();
  }

  json() {
    const whole = this.takeWhole();
    if (!whole) return super.json();
    try {
      return Promise.resolve(JSON.parse(decoder.decode(whole)));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/**
 * A response's whole body, for code that passes it on (web/sw_bridge.mjs,
 * web/frame_host.mjs): bytes cross in one message, where a stream costs
 * several per chunk. Null when the body did not come whole or was read.
 * @param {Response} response
 */
export function takeWholeBody(response) {
  return response instanceof AppResponse ? response.takeWhole() : null;
}
