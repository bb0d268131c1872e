// Unit tests of how App.fetch turns a URL into the app's request target.
import assert from "node:assert/strict";
import { test } from "node:test";
import { OutsideAppError } from "../../../web/errors.mjs";
import { appTarget, resolveInput } from "../../../web/request.mjs";

const SITE = new URL("http://127.0.0.1:8000/repo/");

test("the target is the path under the site's folder, with the query, without the fragment", () => {
  const cases = {
    "http://127.0.0.1:8000/repo/": "/",
    "http://127.0.0.1:8000/repo/a/b?x=1&y=%20": "/a/b?x=1&y=%20",
    "http://127.0.0.1:8000/repo/%E2%9C%93": "/%E2%9C%93",
    "http://127.0.0.1:8000/repo/a?": "/a",
    "http://127.0.0.1:8000/repo/a#top": "/a",
    "http://127.0.0.1:8000/repo/a?q#top": "/a?q",
  };
  for (const [url, target] of Object.entries(cases)) assert.equal(appTarget(url, SITE), target, url);
});

test("a URL outside the site's folder is refused", () => {
  for (const url of ["http://127.0.0.1:8000/repox/a", "http://127.0.0.1:8000/other", "http://localhost:8000/repo/a"]) {
    assert.throws(() => appTarget(url, SITE), OutsideAppError, url);
  }
});

test("a path resolves under the site's folder exactly as the URL parser resolves it", () => {
  const paths = [
    "/json", "json", "/a/b?x=1&y=%20", "/", "", "?q=1", "/a?q#top", "/a b", "/caf\u00e9", "/a/../b", "/./a",
    "/.well-known/x", "/a/.", "/a/..", "/%2e%2e/a", "/a%2Fb", "/a?it's", "/a\\b", "/a?b=<c>", "/a:b@c;d=e", "/a~b_c-d.e",
  ];
  for (const path of paths) {
    const parsed = new URL("./" + path.replace(/^\/+/, ""), SITE).href;
    assert.equal(resolveInput(path, SITE), parsed, path);
  }
  assert.equal(resolveInput("/json", SITE), "http://127.0.0.1:8000/repo/json");
  assert.equal(resolveInput("/a:b", SITE), "http://127.0.0.1:8000/repo/a:b"); // a path, not the scheme "a:"
});
