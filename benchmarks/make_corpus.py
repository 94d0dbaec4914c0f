"""Generate a large synthetic corpus from the bundled example articles.

Each generated article is one of the examples with a shifted publication date, its body
paragraphs in another order, and a URL of its own (so every article gets its own id). The text
stays realistic news prose, so the NLP cost per article is the real one.

    python benchmarks/make_corpus.py --articles 10000 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"


def _parse(path: Path) -> tuple[dt.date, list[str], str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    date = dt.date.fromisoformat(lines[0].split()[-1])
    body = [line for line in lines[1:] if line.strip()]
    sources = body.pop() if body and body[-1].startswith("Sources") else ""
    return date, body, sources


def make_corpus(out: Path, articles: int, *, seed: int = 7) -> list[Path]:
    """Write ``articles`` files into ``out`` and return their paths."""
    rng = random.Random(seed)
    templates = [_parse(p) for p in sorted(EXAMPLES.glob("*.txt"))]
    if not templates:
        raise SystemExit(f"no example articles in {EXAMPLES}")
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(articles):
        date, body, _ = templates[i % len(templates)]
        shifted = date + dt.timedelta(days=rng.randint(-400, 400))
        lead, rest = body[0], body[1:]
        rng.shuffle(rest)
        text = "\n\n".join([lead, *rest])
        url = f"https://synthetic-wire.example/{shifted:%Y/%m/%d}/story-{i}"
        path = out / f"{i:06d}.txt"
        path.write_text(f" date {shifted.isoformat()} \n\n\n{text}\n\nSources 1/ {url}\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = make_corpus(args.out, args.articles, seed=args.seed)
    print(f"wrote {len(paths)} articles to {args.out}")


if __name__ == "__main__":
    main()
