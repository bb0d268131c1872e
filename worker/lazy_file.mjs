// A read-only file whose bytes stay on a web server: reads become HTTP range
// requests, so SQLite can open a 1 GB database after fetching only the pages
// a query needs. Reads are synchronous (Python's file I/O is), which a Web
// Worker allows for XMLHttpRequest.

/** Bytes fetched per range request: SQLite's reads are scattered, so small. */
export const CHUNK_SIZE = 256 * 1024;
/** Chunks kept in memory, 64 MB (least recently used go first). */
const MAX_CHUNKS = 256;

/** Lazily read bytes: counted for tests and the curious (globalThis.wasgiLazyStats). */
const stats = { requests: 0, bytes: 0 };
/** @type {any} */ (globalThis).wasgiLazyStats = stats;

/**
 * Create `path` in Emscripten's filesystem as a lazily read copy of `url`.
 * @param {any} FS Pyodide's Emscripten FS
 * @param {string} path @param {string} url @param {number} size the file's length in bytes
 */
export function createLazyFile(FS, path, url, size) {
  /** @type {Map<number, Uint8Array>} insertion order = recency */
  const chunks = new Map();
  const chunk = (/** @type {number} */ index) => {
    let data = chunks.get(index);
    if (data) {
      chunks.delete(index);
      chunks.set(index, data);
      return data;
    }
    data = fetchRange(url, index * CHUNK_SIZE, Math.min(size, (index + 1) * CHUNK_SIZE) - 1);
    chunks.set(index, data);
    if (chunks.size > MAX_CHUNKS) chunks.delete(/** @type {number} */ (chunks.keys().next().value));
    return data;
  };

  const slash = path.lastIndexOf("/");
  const node = FS.createFile(path.slice(0, slash) || "/", path.slice(slash + 1), {}, true, false);
  // MEMFS reports a file's size from usedBytes.
  Object.defineProperty(node, "usedBytes", { get: () => size });
  node.stream_ops = {
    ...node.stream_ops,
    read(/** @type {any} */ stream, /** @type {Uint8Array} */ buffer, /** @type {number} */ offset,
         /** @type {number} */ length, /** @type {number} */ position) {
      if (position >= size) return 0;
      const end = Math.min(size, position + length);
      let copied = 0;
      for (let at = position; at < end; ) {
        const index = Math.floor(at / CHUNK_SIZE);
        let data;
        try {
          data = chunk(index);
        } catch (error) {
          console.error(`wasgi: reading ${path} failed: ${error}`);
          throw new FS.ErrnoError(29); // EIO: Python sees an OSError, the worker lives on
        }
        const from = at - index * CHUNK_SIZE;
        const count = Math.min(data.length - from, end - at);
        buffer.set(data.subarray(from, from + count), offset + copied);
        copied += count;
        at += count;
      }
      return copied;
    },
    write() {
      throw new FS.ErrnoError(63); // EROFS-like: the file lives on the server
    },
  };
  return node;
}

/**
 * One synchronous range request.
 * @param {string} url @param {number} start @param {number} end inclusive
 */
function fetchRange(url, start, end) {
  const xhr = new XMLHttpRequest();
  xhr.open("GET", url, false);
  xhr.responseType = "arraybuffer";
  xhr.setRequestHeader("Range", `bytes=${start}-${end}`);
  xhr.send(null);
  if (xhr.status !== 206 && !(xhr.status === 200 && start === 0)) {
    throw new Error(`range request to ${url} failed: HTTP ${xhr.status}`);
  }
  const data = new Uint8Array(xhr.response).subarray(0, end - start + 1);
  stats.requests += 1;
  stats.bytes += data.length;
  return data;
}
