// The chat page: each pane is one WebSocket connection to the app's /ws.
"use strict";

/** The socket URL, from this page's own URL: "ws" next to the page, so a
 *  site served under a sub-path (/repo/) connects to /repo/ws. */
function socketURL(name) {
  const url = new URL("ws", document.baseURI);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("name", name);
  return url;
}

function line(list, text, kind) {
  const item = document.createElement("li");
  item.className = kind;
  item.textContent = text;
  list.append(item);
  item.scrollIntoView({ block: "nearest" });
}

/** What a message from the server looks like in the list. */
function describe(message) {
  if (message.kind === "said") return `${message.name}: ${message.text}`;
  return `${message.name} ${message.kind} (${message.online} online)`;
}

function addPane() {
  const template = /** @type {HTMLTemplateElement} */ (document.getElementById("pane-template"));
  const pane = /** @type {HTMLElement} */ (template.content.firstElementChild.cloneNode(true));
  const join = pane.querySelector("form.join");
  const say = pane.querySelector("form.say");
  const status = pane.querySelector(".status");
  const messages = pane.querySelector(".messages");
  let socket = null;

  join.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = join.elements.name.value.trim();
    socket = new WebSocket(socketURL(name));
    status.textContent = "Connecting…";
    socket.addEventListener("open", () => {
      status.textContent = `Connected as ${name}.`;
      join.hidden = true;
      say.hidden = false;
      say.elements.text.focus();
    });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      line(messages, describe(message), message.kind);
    });
    socket.addEventListener("close", (event) => {
      status.textContent = `Disconnected (${event.code}${event.reason ? `: ${event.reason}` : ""}).`;
      join.hidden = false;
      say.hidden = true;
    });
  });

  say.addEventListener("submit", (event) => {
    event.preventDefault();
    socket.send(say.elements.text.value);
    say.elements.text.value = "";
  });

  document.getElementById("panes").append(pane);
  join.elements.name.focus();
}

document.getElementById("add-pane").addEventListener("click", addPane);
addPane();
