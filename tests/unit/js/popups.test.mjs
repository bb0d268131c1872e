// Unit tests of which window.open calls the shell shows as pop-up frames (web/popups.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";
import { asksForPopup } from "../../../web/popups.mjs";

test("window features without location or toolbar ask for a pop-up, as HTML decides", () => {
  assert.equal(asksForPopup("height=500,width=800,resizable=yes,scrollbars=yes"), true); // the Django admin's
  assert.equal(asksForPopup("popup"), true);
  assert.equal(asksForPopup("popup=1"), true);
  assert.equal(asksForPopup(" Width = 300 "), true);
  assert.equal(asksForPopup("width=300,location=yes"), true); // a pop-up may show its address
});

test("no features, noopener, or every bar of a browser window ask for a tab", () => {
  assert.equal(asksForPopup(""), false);
  assert.equal(asksForPopup("noopener"), false);
  assert.equal(asksForPopup("width=300,noreferrer"), false);
  assert.equal(asksForPopup("toolbar=1,menubar=1,scrollbars=1,status=1"), false);
  assert.equal(asksForPopup("location,menubar,scrollbars,status,resizable"), false);
  assert.equal(asksForPopup("popup=0,width=300"), false);
  assert.equal(asksForPopup("popup=no"), false);
});
