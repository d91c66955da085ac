"""Refuse to regenerate with a generator or formatter other than the pinned ones."""

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def main(requirements: Path) -> int:
    problems = []
    for line in requirements.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, wanted = line.partition("==")
        try:
            have = version(name)
        except PackageNotFoundError:
            have = "nothing"
        if have != wanted:
            problems.append(f"need {name}=={wanted}, have {have}")
    if problems:
        print("; ".join(problems) + " -- run: make codegen-deps", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
