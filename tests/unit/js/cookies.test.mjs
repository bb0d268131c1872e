// Unit tests of the page-side cookie jar (RFC 6265 rules the runtime applies).
import assert from "node:assert/strict";
import { test } from "node:test";
import { CookieJar } from "../../../web/cookies.mjs";

const SITE = "http://127.0.0.1:8000/repo/";

function jarAt(start = 1_000_000) {
  let now = start;
  const jar = new CookieJar(() => now);
  return { jar, advance: (ms) => (now += ms) };
}

test("a cookie set by a response is sent with the next request", () => {
  const { jar } = jarAt();
  jar.store(`${SITE}login`, ["session=abc; Path=/; HttpOnly", "theme=dark"]);
  // theme has the default path /repo, longer than /, so it comes first.
  assert.equal(jar.header(`${SITE}items`), "theme=dark; session=abc");
});

test("default path is the response URL's directory", () => {
  const { jar } = jarAt();
  jar.store(`${SITE}admin/login`, ["a=1"]);
  assert.equal(jar.header(`${SITE}admin/users`), "a=1");
  assert.equal(jar.header(`${SITE}other`), "");
  assert.equal(jar.header(`${SITE}administrator`), "");
});

test("longer paths come first", () => {
  const { jar } = jarAt();
  jar.store(SITE, ["x=root; Path=/", "x=deep; Path=/repo/admin"]);
  assert.equal(jar.header(`${SITE}admin/x`), "x=deep; x=root");
});

test("Max-Age and Expires end a cookie; Max-Age wins", () => {
  const { jar, advance } = jarAt();
  jar.store(SITE, ["short=1; Max-Age=10; Expires=Wed, 01 Jan 2100 00:00:00 GMT"]);
  assert.equal(jar.header(SITE), "short=1");
  advance(11_000);
  assert.equal(jar.header(SITE), "");
});

test("deletion by Max-Age=0 or a past Expires", () => {
  const { jar } = jarAt(Date.parse("2030-01-01"));
  jar.store(SITE, ["a=1; Path=/", "b=2; Path=/"]);
  jar.store(SITE, ["a=; Max-Age=0; Path=/", "b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"]);
  assert.equal(jar.header(SITE), "");
});

test("a Domain that does not match the host is refused", () => {
  const { jar } = jarAt();
  jar.store(SITE, ["evil=1; Domain=example.com", "ok=1; Domain=127.0.0.1"]);
  assert.equal(jar.header(SITE), "ok=1");
});

test("Secure cookies need https (or localhost); SameSite=None needs Secure", () => {
  const { jar } = jarAt();
  jar.store("http://example.test/", ["s=1; Secure", "n=1; SameSite=None"]);
  assert.equal(jar.header("http://example.test/"), "");
  jar.store("https://example.test/", ["s=1; Secure", "n=1; SameSite=None; Secure"]);
  assert.equal(jar.header("https://example.test/"), "s=1; n=1");
  assert.equal(jar.header("http://example.test/"), "");
});

test("a replaced cookie keeps its place; the jar survives a round trip", () => {
  const { jar } = jarAt();
  jar.store(SITE, ["a=1; Path=/", "b=1; Path=/"]);
  jar.store(SITE, ["a=2; Path=/"]);
  assert.equal(jar.header(SITE), "a=2; b=1");
  const copy = new CookieJar(jar.now);
  copy.load(JSON.parse(JSON.stringify(jar)));
  assert.equal(copy.header(SITE), "a=2; b=1");
});

test("onChange fires on every change", () => {
  const { jar } = jarAt();
  let changes = 0;
  jar.onChange = () => changes++;
  jar.store(SITE, ["a=1"]);
  jar.clear();
  assert.equal(changes, 2);
});

test("document.cookie neither sees nor overwrites HttpOnly cookies", () => {
  const { jar } = jarAt();
  jar.store(SITE, ["sid=secret; Path=/; HttpOnly", "csrftoken=t1; Path=/"]);
  assert.equal(jar.header(SITE, { script: true }), "csrftoken=t1");
  jar.store(SITE, ["sid=stolen; Path=/", "theme=light; Path=/", "x=1; HttpOnly"], { script: true });
  assert.equal(jar.header(SITE), "sid=secret; csrftoken=t1; theme=light");
});

test("__Secure- and __Host- cookies need what their prefix promises, as in Chromium", () => {
  const { jar } = jarAt();
  jar.store(SITE, [
    "__Secure-a=1",
    "__Secure-b=2; Secure",
    "__Host-c=3; Secure",
    "__Host-d=4; Secure; Path=/",
    "__host-e=5; Secure; Path=/; Domain=127.0.0.1",
    "__HOST-f=6; Path=/",
  ]);
  assert.equal(jar.header(`${SITE}x`), "__Secure-b=2; __Host-d=4");
});

test("a cookie past 4096 bytes of name and value is refused; a long attribute is ignored", () => {
  const { jar } = jarAt();
  jar.store(SITE, [`big=${"x".repeat(4094)}`, `fits=${"y".repeat(4092)}`, `path=1; Path=/${"p".repeat(1100)}`]);
  assert.equal(jar.header(`${SITE}x`), `fits=${"y".repeat(4092)}; path=1`);
});
