"""Step 01 (catalog): list, search and fetch models."""

from __future__ import annotations

import sys

from visgate_sdk import Client, VisgateError


def check(ok: bool, message: str) -> None:
    """Stop with FAIL when the API broke a promise this example shows."""
    if not ok:
        print(f"FAIL: {message}", flush=True)
        raise SystemExit(1)


def main() -> int:
    with Client() as client:
        page = client.models.list(limit=10)
        check(0 < len(page.models) <= 10, f"limit=10 returned {len(page.models)} models")
        print(f"models_listed={len(page.models)}")
        print(f"models_total={page.total_count}")
        for model in page.models[:3]:
            print(f"model={model.id} provider={model.provider} media_type={model.media_type}")

        # Search matches id, name, description and author; zero hits is a valid answer.
        found = client.models.search("istanbul", limit=5)
        check(len(found.models) <= 5, f"search limit=5 returned {len(found.models)} models")
        print(f"search_istanbul_count={len(found.models)}")

        first = page.models[0]
        model = client.models.get(first.id)  # ids keep their slashes: fal-ai/flux/schnell
        check(model.id == first.id, f"get({first.id!r}) returned {model.id!r}")
        print(f"model_get_id={model.id}")
        print(f"model_get_provider={model.provider}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
