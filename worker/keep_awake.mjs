// Keeps a thread from sleeping for a moment after it posts to the other side,
// when the answer is likely to come within that moment: the worker after it
// answers (for the page's next request), the page after it sends (for the
// answer, and the tasks that read it).
//
// A small request crosses between the page and the worker twice. A thread that
// has gone idle is slow to wake (on the development VM the page's postMessage
// to a sleeping worker took 125-146 us, 16-18 us to an awake one), and its
// caches are cold when it does. So, as servers and adaptive mutexes do, the
// thread spins briefly before it sleeps, but only while the two trade single
// messages quickly: the other side's last batch was one message that came
// within the spin's length of this thread's post before it, and this thread
// posts within that length of receiving it. Requests through the service
// worker come ~2 ms apart, so neither thread spins for them: a spinning
// thread would take a core from the threads that carry them.
//
// While awake, the thread posts itself a message again and again: each is a
// near-empty task, so a real message waits behind one at most, and nothing
// blocks. A turn that comes late with no message in between means the system
// took the core away (more runnable threads than cores: a snapshot being made
// beside the app, another busy tab); spinning then slows everyone, so the
// thread stops and does not spin again for a while. Measured in bench/RESULTS.md.

/** How long the thread stays awake after it last posted (ms). */
const AWAKE_MS = 1;
/** A turn later than this after the one before, with no message between, means the core was taken (ms). */
const LATE_TURN_MS = 1;
/** How long not to spin after that (ms). */
const CONTENDED_PAUSE_MS = 50;

export class KeepAwake {
  /**
   * @param {() => boolean} [wanted] asked at each turn: false lets the thread sleep now
   * @param {{ms?: number, lateMs?: number, pauseMs?: number}} [times] how long to stay awake after
   *   `posted()`, how late a turn means a contended core, and how long not to spin then (ms)
   */
  constructor(wanted = () => true, { ms = AWAKE_MS, lateMs = LATE_TURN_MS, pauseMs = CONTENDED_PAUSE_MS } = {}) {
    this.wanted = wanted;
    this.ms = ms;
    this.lateMs = lateMs;
    this.pauseMs = pauseMs;
    this.until = 0;
    /** When the thread last posted, how long the next message took to come after, and when it came. */
    this.lastPost = -Infinity;
    this.lastGap = Infinity;
    this.lastReceived = -Infinity;
    /** Whether a turn is queued, when the last one ran, and whether a message came since. */
    this.spinning = false;
    this.lastTurn = 0;
    this.heard = false;
    /** No spinning before this (the core was contended). */
    this.pausedUntil = 0;
    /** @type {MessagePort | null} */
    this.port = null;
    /** Turns taken, for tests. */
    this.turns = 0;
  }

  /**
   * A batch of `count` messages came from the other side. Only a lone message
   * that came quickly makes the next post spin: a batch of several means many
   * requests in flight, which keep both threads busy without it (and spinning
   * between them cost about a tenth of the requests per second).
   * @param {number} [count]
   */
  received(count = 1) {
    const now = performance.now();
    this.lastGap = count === 1 ? now - this.lastPost : Infinity;
    this.lastReceived = now;
    this.heard = true;
  }

  /**
   * The thread posted to the other side: stay awake for `ms`, if the last
   * answer was that quick and this post follows it as quickly.
   */
  posted() {
    const now = performance.now();
    this.lastPost = now;
    if (this.lastGap >= this.ms || now - this.lastReceived >= this.ms || now < this.pausedUntil) return;
    this.until = now + this.ms;
    if (this.spinning) return;
    this.spinning = true;
    this.lastTurn = Infinity; // the first turn may wait for the rest of this task: not judged
    this.#next();
  }

  #next() {
    this.heard = false;
    (this.port ??= this.#channel()).postMessage(null);
  }

  #turn() {
    this.turns++;
    const now = performance.now();
    if (!this.heard && now - this.lastTurn > this.lateMs) this.pausedUntil = now + this.pauseMs;
    this.lastTurn = now;
    if (now < this.until && now >= this.pausedUntil && this.wanted()) this.#next();
    else this.spinning = false;
  }

  #channel() {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => this.#turn();
    return channel.port2;
  }
}
