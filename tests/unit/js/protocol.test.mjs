// Unit tests of the Outbox that batches messages between page and worker, and of reading a response's wire form.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Outbox, responseHeaders, wireBytes } from "../../../worker/protocol.mjs";

function recorder(busy) {
  const batches = [];
  const outbox = new Outbox((batch, transfer) => batches.push({ batch, transfer }), busy);
  return { outbox, batches };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

test("messages pushed in one task go out together, once the task ends", async () => {
  const { outbox, batches } = recorder();
  outbox.push(["a"]);
  outbox.push(["b"]);
  assert.equal(batches.length, 0);
  await settle();
  assert.deepEqual(batches.map((b) => b.batch), [[["a"], ["b"]]]);
});

test("a long run goes out in batches of 16, in order, so the other side can start on the first", async () => {
  for (const busy of [undefined, () => true]) {
    const { outbox, batches } = recorder(busy);
    for (let i = 0; i < 40; i++) outbox.push([i]);
    assert.deepEqual(batches.map((b) => b.batch.length), [16, 16]);
    await settle();
    assert.deepEqual(batches.map((b) => b.batch.length), [16, 16, 8]);
    assert.deepEqual(batches.flatMap((b) => b.batch).map(([i]) => i), [...Array(40).keys()]);
    outbox.later?.close(); // else Node waits on the open port
  }
});

test("large buffers are transferred with their batch, small ones copied", async () => {
  const { outbox, batches } = recorder();
  const large = new ArrayBuffer(64 * 1024);
  outbox.push(["big"], large);
  outbox.push(["small"], new ArrayBuffer(10));
  await settle();
  assert.deepEqual(batches[0].transfer, [large]);
});

test("responseHeaders gives a Response's pairs, the Set-Cookie values apart, and the Content-Encoding", () => {
  const lines = "content-type\ntext/plain\nset-cookie\na=1\ncontent-encoding\ngzip\nset-cookie\nb=2\ncontent-encoding\nbr";
  assert.deepEqual(responseHeaders(lines), {
    pairs: [["content-type", "text/plain"], ["content-encoding", "gzip"], ["content-encoding", "br"]],
    setCookies: ["a=1", "b=2"],
    encoding: "gzip, br",
  });
  assert.deepEqual(responseHeaders(""), { pairs: [], setCookies: [], encoding: undefined });
  assert.deepEqual(wireBytes("hi"), new Uint8Array([104, 105]));
  assert.equal(wireBytes(undefined), undefined);
});
