"""The shell's list of boot modules (py/wasgi/build/preload.py): the static
import graph of the page and of the worker, and nothing loaded later."""

from wasgi.build.locations import runtime_dir
from wasgi.build.preload import boot_modules, embed_module


def test_the_runtime_boot_graph_is_the_page_then_the_worker():
    modules = boot_modules(runtime_dir("web").parent)
    assert modules[0] == "web/shell.mjs"
    assert {"web/app.mjs", "web/handshake.mjs", "worker/protocol.mjs", "worker/lazy_file.mjs"} <= set(modules)
    assert len(modules) == len(set(modules))
    # The worker starts once the page's modules have run: those go first.
    first_worker_only = modules.index("worker/worker.mjs")
    assert all(not m.startswith("web/") for m in modules[first_worker_only:])
    # Loaded later, or only in the fallback or the snapshot maker's own worker.
    assert not {"web/fallback.mjs", "worker/snapshot_worker.mjs", "web/frame.js"} & set(modules)


def test_only_static_imports_are_followed(tmp_path):
    files = {
        "web/entry.mjs": """import { a,
  b } from "./multi.mjs";
import "./bare.mjs";
export { c } from "../worker/shared.mjs";
/** @param {import("./typed.mjs").T} t */
export function f() {
  const worker = new Worker(new URL("../worker/later.mjs", import.meta.url));
  return import("./dynamic.mjs");
}
""",
        "web/multi.mjs": 'import { x } from "./bare.mjs";\n',
        "web/bare.mjs": "",
        "worker/shared.mjs": 'export * from "./deep/leaf.mjs";\n',
        "worker/deep/leaf.mjs": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert boot_modules(tmp_path, ("web/entry.mjs",)) == [
        "web/entry.mjs", "web/multi.mjs", "web/bare.mjs", "worker/shared.mjs", "worker/deep/leaf.mjs",
    ]  # fmt: skip


def test_a_second_entry_adds_only_what_the_first_lacks(tmp_path):
    for name, text in {"a.mjs": 'import "./shared.mjs";\n', "b.mjs": 'import "./shared.mjs";\nimport "./own.mjs";\n',
                       "shared.mjs": "", "own.mjs": ""}.items():  # fmt: skip
        (tmp_path / name).write_text(text)
    assert boot_modules(tmp_path, ("a.mjs", "b.mjs")) == ["a.mjs", "shared.mjs", "b.mjs", "own.mjs"]


def test_the_embed_entry_names_the_page_graph_and_preloads_the_workers():
    text = embed_module("r-x", runtime_dir("web").parent)
    assert 'export * from "./r-x/web/wasgi.mjs";' in text
    assert 'import "./r-x/web/handshake.mjs";' in text  # four imports deep from web/wasgi.mjs
    assert '"worker/lazy_file.mjs"' in text and '"worker/worker.mjs"' in text
    # The worker's modules are only preloaded: run in the page, worker.mjs would take its messages.
    assert 'import "./r-x/worker/worker.mjs"' not in text and 'import "./r-x/worker/boot.mjs"' not in text
