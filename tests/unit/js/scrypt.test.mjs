// worker/scrypt.mjs's ROMix, with Node's PBKDF2 around it, gives Node's own scrypt.
import assert from "node:assert/strict";
import { pbkdf2Sync, scryptSync } from "node:crypto";
import { test } from "node:test";

import { romix } from "../../../worker/scrypt.mjs";

/** scrypt (RFC 7914 section 6) with worker/scrypt.mjs's ROMix. */
function scrypt(password, salt, n, r, p, length) {
  const blocks = pbkdf2Sync(password, salt, 1, p * 128 * r, "sha256");
  const mixed = Buffer.alloc(blocks.length);
  for (let i = 0; i < p; i++) {
    mixed.set(romix(blocks.subarray(i * 128 * r, (i + 1) * 128 * r), n, r), i * 128 * r);
  }
  return pbkdf2Sync(password, mixed, 1, length, "sha256");
}

for (const [password, salt, n, r, p, length] of [
  ["", "", 16, 1, 1, 64], // RFC 7914's first test vector
  ["password", "NaCl", 1024, 8, 16, 64], // its second
  ["pleaseletmein", "SodiumChloride", 2 ** 14, 8, 1, 64],
  ["s3cret", "werkzeug-salt", 2 ** 15, 8, 1, 64], // Werkzeug's default cost
  ["x", "y", 4, 3, 2, 7],
]) {
  test(`scrypt n=${n} r=${r} p=${p} is Node's`, () => {
    const expected = scryptSync(password, salt, length, { N: n, r, p, maxmem: 256 * 1024 * 1024 });
    assert.deepEqual(scrypt(password, salt, n, r, p, length), expected);
  });
}

test("romix leaves its input alone", () => {
  const block = new Uint8Array(128).fill(7);
  romix(block, 8, 1);
  assert.deepEqual(block, new Uint8Array(128).fill(7));
});
