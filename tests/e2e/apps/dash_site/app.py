"""A Plotly Dash app, unchanged: a Flask (WSGI) app whose callbacks the page posts
to /_dash-update-component; one callback's output feeds the next."""

from dash import Dash, Input, Output, State, callback, dcc, html

app = Dash(__name__)
app.layout = html.Div([
    dcc.Input(id="name", value="world", type="text"),
    html.Div(id="greeting"),
    html.Div(id="length"),
    html.Button("Count", id="count", n_clicks=0),
    html.Div(id="counted"),
])


@callback(Output("greeting", "children"), Input("name", "value"))
def greet(name):
    return f"Hello, {name}!"


@callback(Output("length", "children"), Input("greeting", "children"))
def measure(greeting):
    return f"{len(greeting)} characters"


@callback(Output("counted", "children"), Input("count", "n_clicks"), State("name", "value"))
def count(clicks, name):
    return f"{name} counted {clicks}"


server = app.server
