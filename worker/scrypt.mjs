// scrypt's memory-hard core (ROMix, RFC 7914 section 5) for hashlib.scrypt,
// which Pyodide's hashlib lacks (py/wasgi/server/shims/hashlib_scrypt.py does
// the rest: the parameters, and the two PBKDF2 steps around this). In Python
// the core takes minutes for Werkzeug's default (n = 32768, r = 8); here it
// takes a fraction of a second. Python imports it as the module "wasgi_scrypt"
// (worker/boot.mjs registers it).
//
// Words are read in the platform's byte order, which the RFC's little-endian
// words match on every engine that runs Pyodide.

/**
 * ROMix of one block of 128 * r bytes, with cost n (a power of 2).
 * @param {Uint8Array} block @param {number} n @param {number} r
 * @returns {Uint8Array} the mixed block, a new array
 */
export function romix(block, n, r) {
  const words = 32 * r;
  const x = new Uint32Array(new Uint8Array(block).buffer); // a copy, aligned
  const v = new Uint32Array(words * n);
  const mixer = new BlockMixer(r);
  for (let i = 0; i < n; i++) {
    v.set(x, i * words);
    mixer.mix(x);
  }
  for (let i = 0; i < n; i++) {
    const j = x[words - 16] & (n - 1); // Integerify: the last 64-byte block's first word
    for (let k = 0, offset = j * words; k < words; k++) x[k] ^= v[offset + k];
    mixer.mix(x);
  }
  return new Uint8Array(x.buffer);
}

/** BlockMix with Salsa20/8 (RFC 7914 section 4), reusing its scratch arrays. */
class BlockMixer {
  /** @param {number} r */
  constructor(r) {
    this.r = r;
    this.out = new Uint32Array(32 * r);
    this.last = new Uint32Array(16);
    this.scratch = new Uint32Array(16);
  }

  /** Mix ``b`` (32 * r words) in place. @param {Uint32Array} b */
  mix(b) {
    const { r, out, last, scratch } = this;
    last.set(b.subarray((2 * r - 1) * 16));
    for (let i = 0; i < 2 * r; i++) {
      for (let k = 0; k < 16; k++) last[k] ^= b[i * 16 + k];
      salsa20_8(last, scratch);
      // Even-numbered outputs go to the first half, odd-numbered to the second.
      out.set(last, ((i & 1) * r + (i >> 1)) * 16);
    }
    b.set(out);
  }
}

/** Salsa20/8's core on 16 words, in place (RFC 7914 section 3). @param {Uint32Array} b @param {Uint32Array} x */
function salsa20_8(b, x) {
  x.set(b);
  for (let round = 0; round < 8; round += 2) {
    // Columns.
    x[4] ^= rotl(x[0] + x[12], 7); x[8] ^= rotl(x[4] + x[0], 9); x[12] ^= rotl(x[8] + x[4], 13); x[0] ^= rotl(x[12] + x[8], 18);
    x[9] ^= rotl(x[5] + x[1], 7); x[13] ^= rotl(x[9] + x[5], 9); x[1] ^= rotl(x[13] + x[9], 13); x[5] ^= rotl(x[1] + x[13], 18);
    x[14] ^= rotl(x[10] + x[6], 7); x[2] ^= rotl(x[14] + x[10], 9); x[6] ^= rotl(x[2] + x[14], 13); x[10] ^= rotl(x[6] + x[2], 18);
    x[3] ^= rotl(x[15] + x[11], 7); x[7] ^= rotl(x[3] + x[15], 9); x[11] ^= rotl(x[7] + x[3], 13); x[15] ^= rotl(x[11] + x[7], 18);
    // Rows.
    x[1] ^= rotl(x[0] + x[3], 7); x[2] ^= rotl(x[1] + x[0], 9); x[3] ^= rotl(x[2] + x[1], 13); x[0] ^= rotl(x[3] + x[2], 18);
    x[6] ^= rotl(x[5] + x[4], 7); x[7] ^= rotl(x[6] + x[5], 9); x[4] ^= rotl(x[7] + x[6], 13); x[5] ^= rotl(x[4] + x[7], 18);
    x[11] ^= rotl(x[10] + x[9], 7); x[8] ^= rotl(x[11] + x[10], 9); x[9] ^= rotl(x[8] + x[11], 13); x[10] ^= rotl(x[9] + x[8], 18);
    x[12] ^= rotl(x[15] + x[14], 7); x[13] ^= rotl(x[12] + x[15], 9); x[14] ^= rotl(x[13] + x[12], 13); x[15] ^= rotl(x[14] + x[13], 18);
  }
  for (let k = 0; k < 16; k++) b[k] += x[k]; // Uint32Array keeps the sum modulo 2^32
}

/** @param {number} value @param {number} bits */
function rotl(value, bits) {
  return (value << bits) | (value >>> (32 - bits));
}
