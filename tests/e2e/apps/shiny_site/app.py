"""A Shiny for Python app, unchanged: inputs reach the server over Shiny's WebSocket
session, and reactive outputs come back. Shiny imports orjson, which has no Pyodide
wheel: the site gets wasgi's stand-in (wasgi.stand_ins.orjson)."""

from shiny import App, reactive, render, ui

app_ui = ui.page_fluid(
    ui.input_slider("n", "N", min=0, max=100, value=20),
    ui.input_text("name", "Name", value="world"),
    ui.output_text("doubled"),
    ui.output_text("greeting"),
    ui.input_action_button("add", "Add"),
    ui.output_text("clicks"),
    ui.output_ui("items"),
)


def server(input, output, session):
    added = reactive.value(0)

    @render.text
    def doubled():
        return f"n*2 is {input.n() * 2}"

    @render.text
    def greeting():
        return f"Hello, {input.name()}!"

    @reactive.effect
    @reactive.event(input.add)
    def _():
        added.set(added() + 1)

    @render.text
    def clicks():
        return f"added {added()}"

    @render.ui
    def items():
        return ui.tags.ul(*[ui.tags.li(f"item {k}") for k in range(added())], id="items-list")


app = App(app_ui, server)
