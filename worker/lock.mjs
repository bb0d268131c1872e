// The site's lock (_wasgi/lock.json, written by `wasgi build`): what the
// worker loads, with sizes and hashes. Its name is stable, so it is
// revalidated (the service worker answers with its own build's copy, web/sw.js);
// the files it names are content-hashed and cached for good.

import { FileLoadError } from "./progress.mjs";

/**
 * @param {URL} runtimeURL the site's _wasgi/ folder
 * @returns {Promise<any>} the parsed lock; FileLoadError names the URL when it cannot be read
 */
export async function readLock(runtimeURL) {
  const url = new URL("lock.json", runtimeURL);
  const response = await fetch(url, { cache: "no-cache" }).catch((e) => {
    throw new FileLoadError(url.href, String(e));
  });
  if (!response.ok) throw new FileLoadError(url.href, `HTTP ${response.status}`);
  return response.json();
}
