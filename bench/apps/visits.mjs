// Visits made without DevTools (bench/run.py, plain_visits): a bench page
// reports what it measured to the runner's endpoint, then visits itself again.

/**
 * Report one visit's measures, then load the page again until `visits` are made.
 * @param {Record<string, string | number>} measures
 */
export async function reportAndVisitAgain(measures) {
  const params = new URLSearchParams(location.search);
  const visit = Number(params.get("visit") ?? 0);
  const query = new URLSearchParams({ visit: String(visit) });
  for (const [name, value] of Object.entries(measures)) query.set(name, String(value));
  await fetch(`${params.get("report")}?${query}`, { mode: "no-cors" });
  params.set("visit", String(visit + 1));
  // A new URL each time: a visit, not a reload (which would revalidate what the cache holds).
  if (visit + 1 < Number(params.get("visits"))) location.search = params.toString();
}
