// bench/worker_floor's worker: answers every request with the tiny app's /json body.
const BODY = '{"hello": "world", "n": 1}';
self.onmessage = (event) => self.postMessage([event.data[0], BODY]);
