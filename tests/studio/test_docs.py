"""The API docs work offline: /docs and /redoc load every asset from the studio itself."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from filmstudio.studio import docs


def _assets(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', page)


def test_docs_pages_load_only_local_assets(client: TestClient) -> None:
    assert docs.assets_dir() is not None
    for page, needed in (("/docs", docs.SWAGGER_FILES), ("/redoc", docs.REDOC_FILES)):
        answer = client.get(page)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
        assets = _assets(answer.text)
        assert sorted(assets) == sorted(f"{docs.ASSETS_PATH}/{name}" for name in needed), page
        assert "//" not in answer.text.replace("http://www.w3.org", "")  # no CDN, no host
        for asset in assets:
            fetched = client.get(asset)
            assert fetched.status_code == 200 and len(fetched.content) > 10_000, asset
    assert "/openapi.json" in client.get("/redoc").text


def test_swagger_ui_can_read_an_openapi_3_1_document(client: TestClient) -> None:
    """Swagger UI 4 shows 'Unable to render this definition' for OpenAPI 3.1; the bundle
    served here knows the 3.1 version field."""
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")
    bundle = client.get(f"{docs.ASSETS_PATH}/swagger/swagger-ui-bundle.js").text
    assert "isOAS31" in bundle
