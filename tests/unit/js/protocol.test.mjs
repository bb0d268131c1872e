// Unit tests of the Outbox that batches messages between page and worker.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Outbox } from "../../../worker/protocol.mjs";

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
