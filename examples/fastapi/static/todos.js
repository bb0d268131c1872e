// The todo page's script: it talks to the app only through the JSON API.
"use strict";

const API = "api/todos"; // relative to the page, so a sub-path is kept
const list = document.getElementById("todos");
const errorBox = document.getElementById("error");

/** Call the API; show the error on the page if the answer is not a success. */
async function api(path, method = "GET", body = undefined) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (!response.ok) {
    const detail = await response.json().then((data) => JSON.stringify(data.detail), () => response.statusText);
    errorBox.textContent = `${method} ${path} failed: ${response.status} ${detail}`;
    errorBox.hidden = false;
    throw new Error(errorBox.textContent);
  }
  errorBox.hidden = true;
  return response.status === 204 ? null : response.json();
}

function render(todos) {
  list.replaceChildren(
    ...todos.map((todo) => {
      const item = document.createElement("li");
      item.dataset.id = String(todo.id);
      item.classList.toggle("done", todo.done);

      const check = document.createElement("input");
      check.type = "checkbox";
      check.checked = todo.done;
      check.setAttribute("aria-label", `done: ${todo.title}`);
      check.addEventListener("change", () =>
        api(`${API}/${todo.id}`, "PATCH", { done: check.checked }).then(refresh),
      );

      const title = document.createElement("span");
      title.className = "title";
      title.textContent = todo.title;

      const remove = document.createElement("button");
      remove.className = "delete";
      remove.textContent = "Delete";
      remove.addEventListener("click", () => api(`${API}/${todo.id}`, "DELETE").then(refresh));

      item.append(check, title, remove);
      return item;
    }),
  );
}

async function refresh() {
  render(await api(API));
}

document.getElementById("new-todo").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = document.getElementById("title");
  await api(API, "POST", { title: input.value.trim() });
  input.value = "";
  await refresh();
});

refresh();
