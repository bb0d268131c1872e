fetch(new URL("../api/data", document.currentScript.src))
  .then((r) => r.json())
  .then((d) => (document.getElementById("external-result").textContent = "external:" + d.items.length));
