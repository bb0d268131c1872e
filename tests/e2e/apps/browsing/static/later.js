// Added by a test after the page loaded: counts its runs, and resolves a URL against its own.
window.laterRuns = (window.laterRuns || []).concat(new URL("../api/data", document.currentScript.src).pathname);
