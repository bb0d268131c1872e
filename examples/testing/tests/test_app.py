"""The notes app, answered by Python in the browser (Pyodide in a Web Worker)."""


def test_home_page(wasgi_client):
    response = wasgi_client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<h1>Notes</h1>" in response.text


def test_create_and_read_a_note_as_json(wasgi_client):
    created = wasgi_client.post("/api/notes", json={"text": "buy milk", "tags": ["home"]})
    assert created.status_code == 201
    note = created.json()
    assert note["text"] == "buy milk"
    assert created.headers["x-note-id"] == str(note["id"])

    fetched = wasgi_client.get(f"/api/notes/{note['id']}")
    assert fetched.json() == note


def test_form_posts_and_query_parameters(wasgi_client):
    created = wasgi_client.post("/api/notes", data={"text": "water plants", "tag": ["garden", "home"]})
    assert created.status_code == 201, created.text
    tagged = wasgi_client.get("/api/notes", params={"tag": "garden"}).json()
    assert [n["text"] for n in tagged] == ["water plants"]


def test_redirects_are_followed_unless_asked_not_to(wasgi_client):
    wasgi_client.post("/api/notes", json={"text": "latest"})
    followed = wasgi_client.get("/api/notes/latest")
    assert followed.redirected and followed.json()["text"] == "latest"

    raw = wasgi_client.get("/api/notes/latest", follow_redirects=False)
    assert raw.status_code == 303 and raw.headers["location"].endswith(f"/api/notes/{followed.json()['id']}")


def test_errors_and_deletes(wasgi_client):
    assert wasgi_client.post("/api/notes", json={"text": ""}).status_code == 422
    note = wasgi_client.post("/api/notes", json={"text": "temporary"}).json()
    assert wasgi_client.delete(f"/api/notes/{note['id']}").status_code == 204
    assert wasgi_client.get(f"/api/notes/{note['id']}").status_code == 404
