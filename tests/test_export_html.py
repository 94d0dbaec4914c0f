"""The interactive HTML view: self-contained, escaped tooltips, and it draws in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import networkx as nx
import pytest

from kg.export import to_networkx
from kg.export.html import generate_html, write_html
from kg.export.sample import sample_dataset

CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (apt-get install -y chromium; see .ci/run)"
)


@pytest.fixture(scope="module")
def dataset():
    return sample_dataset()


def test_page_is_self_contained(dataset):
    page = generate_html(to_networkx(dataset, view="full"))
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*(src|href)=[\"']?(https?:)?//", page, re.I)
    assert "vis.Network" in page and 'id="mynetwork"' in page
    assert "kg-search" in page  # the search box
    assert "#fd8d3c" not in page or "DroneStrike" in page


def test_tooltips_are_escaped(dataset):
    page = generate_html(to_networkx(dataset, view="actors"))
    assert "<US>" not in page and "& hurt" not in page
    assert "&lt;US&gt;" in page.replace("\\u0026", "&") and "&amp; hurt" in page.replace("\\u0026", "&")


def run_chromium(page: Path, screenshot: Path) -> str:
    """Open ``page`` in headless Chromium, save a screenshot, return the console lines it logged."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile:
        result = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--enable-logging=stderr",
                "--v=0",
                "--window-size=1200,900",
                "--virtual-time-budget=8000",
                f"--screenshot={screenshot}",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert screenshot.is_file(), result.stderr[-2000:]
    return "\n".join(line for line in result.stderr.splitlines() if ":CONSOLE" in line)


def coloured_fraction(screenshot: Path, *, top: int = 80) -> float:
    """Share of pixels below the search bar that are not background (white/grey)."""
    image = pytest.importorskip("PIL.Image").open(screenshot).convert("RGB")
    width, height = image.size
    area = image.crop((0, top, width, height))
    data = area.tobytes()
    reds, greens, blues = data[0::3], data[1::3], data[2::3]
    coloured = sum(1 for r, g, b in zip(reds, greens, blues, strict=True) if max(r, g, b) - min(r, g, b) > 40)
    return coloured / len(reds)


@needs_chromium
def test_console_errors_are_caught(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>console.error('kg-boom'); missingFunction();</script></body></html>")
    console = run_chromium(bad, tmp_path / "bad.png")
    assert "kg-boom" in console and "missingFunction" in console


def synthetic(n: int = 300) -> nx.MultiDiGraph:
    """A graph as large as a real corpus's actor-event view (vis-network warns on some sizes)."""
    G = nx.MultiDiGraph(view="synthetic")
    for i in range(n):
        kind = "event" if i % 3 == 0 else "actor"
        G.add_node(
            f"n{i}", id=f"n{i}", label=f"node {i}", type="Attack" if kind == "event" else "Person", kind=kind
        )
    for i in range(0, n, 3):
        for j in (1, 2):
            if i + j < n:
                G.add_edge(f"n{i}", f"n{i + j}", key="target", label="target", weight=1.0, evidence="A & <b>")
        if i + 3 < n:
            G.add_edge(f"n{i}", f"n{(i * 7 + 1) % n}", key="perpetrator", label="perpetrator", weight=1.0)
    return G


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize("view", ["actors", "full", "synthetic"])
def test_html_draws_in_headless_chromium(dataset, tmp_path, view):
    page = tmp_path / f"{view}.html"
    write_html(synthetic() if view == "synthetic" else to_networkx(dataset, view=view), page)
    screenshot = tmp_path / f"{view}.png"
    console = run_chromium(page, screenshot)
    assert console == "", f"console messages:\n{console}"
    fraction = coloured_fraction(screenshot)
    assert fraction > 0.002, f"the graph did not draw: {fraction:.4%} coloured pixels"
    keep = os.environ.get("KG_SCREENSHOT_DIR")
    if keep:
        shutil.copy(screenshot, Path(keep) / screenshot.name)
