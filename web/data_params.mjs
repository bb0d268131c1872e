// The data parameters of a shell URL (?url= ?csv= ?json= ?sql= ?metadata=
// ?install= ?memory=1 ?page=/path), read at the site's root only: deeper in
// the site, a query string belongs to the app (Datasette's ?sql=, say).
// They are remembered for the tab, so a reload on any page loads the same data.

const DATA_KEYS = ["url", "csv", "json", "sql", "metadata", "install", "memory", "page"];

/**
 * Take the data parameters off the address bar.
 * @param {URL} siteURL
 * @returns {import("./wasgi.mjs").DataOptions | undefined}
 */
export function takeDataParams(siteURL) {
  const here = new URL(location.href);
  const storageKey = `wasgi-data:${siteURL.href}`;
  const atRoot = here.pathname === siteURL.pathname || here.pathname === `${siteURL.pathname}index.html`;
  /** @type {Record<string, string[]>} */
  const params = {};
  if (atRoot) {
    for (const key of DATA_KEYS) {
      const values = here.searchParams.getAll(key).filter(Boolean);
      if (values.length) params[key] = values;
      here.searchParams.delete(key);
    }
  }
  if (Object.keys(params).length) {
    sessionStorage.setItem(storageKey, JSON.stringify(params));
    // The app never sees them: the frame opens ?page= (default "/").
    const page = new URL((params.page?.[0] ?? "/").replace(/^\/+/, ""), siteURL);
    for (const [key, value] of here.searchParams) page.searchParams.append(key, value);
    history.replaceState(history.state, "", page);
  }
  const remembered = sessionStorage.getItem(storageKey);
  return remembered ? dataOptions(JSON.parse(remembered)) : undefined;
}

/**
 * Add a source to the tab's data set (from the data panel).
 * @param {URL} siteURL @param {string} key "url" | "csv" | "json" @param {string} value
 */
export function rememberSource(siteURL, key, value) {
  const storageKey = `wasgi-data:${siteURL.href}`;
  const params = JSON.parse(sessionStorage.getItem(storageKey) ?? "{}");
  params[key] = [...(params[key] ?? []), value];
  sessionStorage.setItem(storageKey, JSON.stringify(params));
  return dataOptions(params);
}

/** @param {Record<string, string[]>} params */
function dataOptions(params) {
  const { url, csv, json, sql, metadata, install } = params;
  return { url, csv, json, sql, metadata, install, params };
}
