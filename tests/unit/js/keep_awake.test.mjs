// Unit tests of KeepAwake, which keeps a thread (the worker's, the page's) busy for a moment after it posts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { KeepAwake } from "../../../worker/keep_awake.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait until the thread is let sleep again, then close the channel (Node keeps a process alive for an open port). */
async function settled(awake) {
  for (let i = 0; i < 100 && awake.spinning; i++) await sleep(5);
  awake.port?.close();
}

/** An exchange whose answer came at once: the next posted() may spin. */
function quickExchange(awake) {
  awake.posted();
  awake.received();
  awake.posted();
}

test("after an answer that came slowly (or none yet), posting does not spin", async () => {
  const awake = new KeepAwake(() => true, { ms: 20, lateMs: 1000 });
  awake.posted();
  assert.equal(awake.spinning, false);
  await sleep(25);
  awake.received(); // 25 ms after: longer than the spin would have lasted
  awake.posted();
  assert.equal(awake.spinning, false);
  await sleep(5);
  assert.equal(awake.turns, 0);
});

test("a post that follows the last answer slowly (as through the service worker) does not spin", async () => {
  const awake = new KeepAwake(() => true, { ms: 20, lateMs: 1000 });
  awake.posted();
  awake.received(); // a quick answer
  await sleep(25); // but the next post comes long after it
  awake.posted();
  assert.equal(awake.spinning, false);
  awake.received();
  awake.posted(); // quick both ways again
  assert.equal(awake.spinning, true);
  awake.until = 0;
  await settled(awake);
});

test("after a quick batch of several answers (many requests in flight) posting does not spin", async () => {
  const awake = new KeepAwake(() => true, { ms: 20, lateMs: 1000 });
  awake.posted();
  awake.received(16);
  awake.posted();
  assert.equal(awake.spinning, false);
  awake.received(1); // one at a time again
  awake.posted();
  assert.equal(awake.spinning, true);
  awake.until = 0;
  await settled(awake);
});

test("after a quick answer it stays awake for about its time, one turn queued at a time, then stops", async () => {
  const awake = new KeepAwake(() => true, { ms: 20, lateMs: 1000 });
  const started = performance.now();
  quickExchange(awake);
  awake.posted(); // already spinning: no second chain of turns
  let stoppedAt = 0;
  while (!stoppedAt) {
    await sleep(1);
    if (!awake.spinning) stoppedAt = performance.now();
  }
  assert.ok(stoppedAt - started >= 20, `stopped after ${stoppedAt - started} ms`);
  assert.ok(stoppedAt - started < 200, `stopped after ${stoppedAt - started} ms`);
  const turns = awake.turns;
  assert.ok(turns > 5, `${turns} turns`);
  await sleep(20);
  assert.equal(awake.turns, turns, "no turns after it stopped");
  await settled(awake);
});

test("a thread awake still handles its other messages, each within a turn or so", async () => {
  const awake = new KeepAwake(() => true, { ms: 50, lateMs: 1000 });
  quickExchange(awake);
  const channel = new MessageChannel();
  const got = new Promise((resolve) => (channel.port1.onmessage = () => resolve(performance.now())));
  await sleep(5);
  const sent = performance.now();
  channel.port2.postMessage(null);
  assert.ok((await got) - sent < 20);
  channel.port1.close();
  await settled(awake);
});

test("when it is no longer wanted (no request waits), the thread may sleep at once", async () => {
  let wanted = true;
  const awake = new KeepAwake(() => wanted, { ms: 10_000, lateMs: 1000 });
  quickExchange(awake);
  await sleep(5);
  wanted = false;
  await sleep(5);
  assert.equal(awake.spinning, false);
  const turns = awake.turns;
  quickExchange(awake); // asks once, then stops
  await sleep(5);
  assert.equal(awake.turns, turns + 1);
  await settled(awake);
});

test("a turn that comes late with no message between (the core was taken) stops spinning for a while", async () => {
  // Node's own loop delays a turn by a few ms at times, so "late" here is 50 ms.
  const awake = new KeepAwake(() => true, { ms: 10_000, lateMs: 50, pauseMs: 200 });
  quickExchange(awake);
  assert.equal(awake.spinning, true);
  await sleep(5); // turns run
  const blockedUntil = performance.now() + 80; // the thread gets no turn for 80 ms, as when descheduled
  while (performance.now() < blockedUntil);
  await sleep(5);
  assert.equal(awake.spinning, false);
  quickExchange(awake); // paused: no spinning even after a quick answer
  assert.equal(awake.spinning, false);
  await sleep(250);
  quickExchange(awake); // the pause is over
  assert.equal(awake.spinning, true);
  await sleep(5);
  awake.until = 0;
  await settled(awake);
});
