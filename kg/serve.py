"""``kg serve``: a SPARQL 1.1 Protocol endpoint over a store, with a small HTML page.

The SPARQL engine is the ``oxigraph`` package's own server (``oxigraph serve-read-only``, or
``oxigraph serve`` with ``--allow-update``), run as a subprocess on a private loopback port over the
store's folder, with the union of the named graphs as default graph and its ``--timeout-s``
query timeout. In front of it a small Tornado application (a maintained server library, already a
dependency of Dask and Jupyter) adds what the Oxigraph server lacks:

* ``/`` an HTML page with a query box and the named queries (each runnable with its defaults);
* ``/query`` (also ``/sparql``) the SPARQL Protocol (GET ``?query=``, POST form or
  ``application/sparql-query``), results limited to ``max_rows`` rows or triples (a truncated
  result carries the header ``X-KG-Truncated: true``), and a clear HTTP 503 message when a query
  is stopped by the timeout;
* ``/update`` refused with HTTP 403 unless ``allow_update``;
* ``/named/<name>?param=value`` runs a named query with bound parameters (``kg.query.run_query``);
* ``/queries`` the named queries as JSON.

A location that is an RDF file (or "memory") is loaded into a temporary Oxigraph folder first.
"""

from __future__ import annotations

import contextlib
import html
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = ["ServeConfig", "free_port", "make_app", "oxigraph_server", "run_server"]

_SELECT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_UPSTREAM_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


@dataclass(frozen=True)
class ServeConfig:
    """The options of ``kg serve``."""

    location: str
    host: str = "127.0.0.1"
    port: int = 7878
    allow_update: bool = False
    timeout: float = 30.0
    max_rows: int = 10_000


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str:
    """The ``oxigraph`` server executable next to this Python, or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreError(
            "the Oxigraph server is not installed; install it with `pip install oxigraph==0.5.13`"
        )
    return found


def wait_for(url: str, *, seconds: float = 20.0, process: subprocess.Popen[bytes] | None = None) -> None:
    """Wait until ``url`` answers HTTP, or raise StoreError."""
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise StoreError(f"the SPARQL server exited with code {process.returncode} before answering")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise StoreError(f"the SPARQL server at {url} did not answer within {seconds:.0f} s")


@contextlib.contextmanager
def store_folder(location: str) -> Iterator[Path]:
    """The Oxigraph folder to serve: the store itself, or a temporary copy of an RDF file's content."""
    from kg.store import backend_for, store_location

    where = store_location(location)
    backend = backend_for(where)
    if backend == "oxigraph":
        if not Path(where).is_dir():
            raise StoreError(f"no store at {where}; build one with `kg build ARTICLES` or give --store DIR")
        yield Path(where)
        return
    if backend == "sparql":
        raise StoreError(f"{where} is already a SPARQL endpoint; query it directly")
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as tmp:
        folder = Path(tmp) / "store"
        store = ox.Store(str(folder))
        if backend == "file":
            from kg.store.oxigraph import rdf_format

            store.bulk_load(path=where, format=rdf_format(Path(where)))
        store.flush()
        del store
        yield folder


@contextlib.contextmanager
def oxigraph_server(
    folder: Path, *, allow_update: bool = False, timeout: float | None = None, port: int | None = None
) -> Iterator[str]:
    """Run the Oxigraph server over ``folder`` on a loopback port; yields its base URL.

    The union of the named graphs is the default graph. The process is always stopped on exit.
    """
    port = port or free_port()
    command = [oxigraph_binary(), "serve" if allow_update else "serve-read-only", "--location", str(folder)]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    if timeout:
        command += ["--timeout-s", str(max(1, round(timeout)))]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/", process=process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


# --- results: parse the upstream answer, limit it, write it in the format the client asked for ------
def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _accepted(accept: str, table: dict[str, Any]) -> tuple[str, Any] | None:
    """The first media type of an Accept header that ``table`` supports (q-values ignored)."""
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in table:
            return media, table[media]
        if media in ("*/*", "application/*", "text/*"):
            first = next(iter(table.items()))
            return first
    return None


class Timeout(Exception):
    """The upstream server cancelled the query (its result stream ends with an error)."""


def limit_results(body: bytes, content_type: str, accept: str, max_rows: int) -> tuple[bytes, str, bool]:
    """Re-encode an upstream result in the client's format, keeping at most ``max_rows`` items.

    Returns (body, media type, truncated).
    """
    if content_type.startswith("application/n-triples"):
        try:
            triples: list[ox.Triple] = []
            for triple in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
                if len(triples) == max_rows:
                    break
                triples.append(triple)
        except SyntaxError as e:
            raise Timeout(str(e)) from e
        truncated = len(triples) == max_rows and body.count(b"\n") > max_rows
        media, fmt = _accepted(accept, _GRAPH_TYPES) or ("application/n-triples", ox.RdfFormat.N_TRIPLES)
        return ox.serialize(triples, format=fmt) or b"", media, truncated
    try:
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        media, fmt = _accepted(accept, _SELECT_TYPES) or (
            "application/sparql-results+json",
            ox.QueryResultsFormat.JSON,
        )
        if isinstance(parsed, ox.QueryBoolean):
            return parsed.serialize(format=fmt) or b"", media, False
        variables = [v.value for v in parsed.variables]
        rows: list[dict[str, dict[str, str]]] = []
        truncated = False
        for solution in parsed:
            if len(rows) == max_rows:
                truncated = True
                break
            rows.append(
                {name: _json_term(solution[name]) for name in variables if solution[name] is not None}
            )
    except SyntaxError as e:
        raise Timeout(str(e)) from e
    data = json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}).encode("utf-8")
    if fmt != ox.QueryResultsFormat.JSON:
        data = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(format=fmt) or b""
    return data, media, truncated


# --- the web application -----------------------------------------------------------------------------
def _page(config: ServeConfig) -> str:
    from kg.query import list_queries

    items = []
    for query in list_queries():
        params = ", ".join(
            f"{p.name}={p.default}" if p.default is not None else f"{p.name} (optional)" for p in query.params
        )
        items.append(
            f'<li><a href="/named/{html.escape(query.name)}?format=html">{html.escape(query.name)}</a>'
            f" — {html.escape(query.description)}"
            + (f" <small>[{html.escape(params)}]</small>" if params else "")
            + f' <button type="button" data-name="{html.escape(query.name)}">edit</button></li>'
        )
    mode = "read and write" if config.allow_update else "read-only"
    return _PAGE.format(
        mode=mode,
        timeout=config.timeout,
        max_rows=config.max_rows,
        items="\n".join(items),
    )


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>conflict-kg SPARQL</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:80em}}textarea{{width:100%;height:14em;
font-family:monospace}}table{{border-collapse:collapse}}td,th{{border:1px solid #bbb;padding:2px 6px;
font-size:90%;vertical-align:top}}</style></head>
<body><h1>conflict-kg SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/query</code> ({mode}; queries stop after {timeout:g} s;
at most {max_rows} rows). The default graph is the union of all named graphs.</p>
<form id="f"><textarea id="q" name="query">SELECT ?g (COUNT(*) AS ?triples)
WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g ORDER BY ?g</textarea><br><button>Run</button></form>
<div id="out"></div>
<h2>Named queries</h2><ul>{items}</ul>
<script>
function cell(b){{return b? (b.value||'') : ''}}
async function run(q){{
  const r = await fetch('/query', {{method:'POST', headers:{{'Content-Type':'application/sparql-query',
    'Accept':'application/sparql-results+json, text/turtle;q=0.9'}}, body:q}});
  const out = document.getElementById('out');
  const text = await r.text();
  if (!r.ok) {{ out.textContent = 'Error ' + r.status + ': ' + text; return; }}
  if (!(r.headers.get('content-type')||'').includes('json')) {{ out.innerHTML='<pre></pre>';
    out.firstChild.textContent = text; return; }}
  const data = JSON.parse(text);
  if ('boolean' in data) {{ out.textContent = String(data.boolean); return; }}
  const t = document.createElement('table'); const h = t.insertRow();
  for (const v of data.head.vars) {{ const th = document.createElement('th'); th.textContent = v;
    h.appendChild(th); }}
  for (const b of data.results.bindings) {{ const row = t.insertRow();
    for (const v of data.head.vars) {{ row.insertCell().textContent = cell(b[v]); }} }}
  out.innerHTML = '<p>' + data.results.bindings.length + ' row(s)' +
    (r.headers.get('X-KG-Truncated') ? ' (truncated)' : '') + '</p>'; out.appendChild(t);
}}
document.getElementById('f').addEventListener('submit', e => {{ e.preventDefault();
  run(document.getElementById('q').value); }});
for (const b of document.querySelectorAll('button[data-name]')) b.addEventListener('click', async () => {{
  const r = await fetch('/queries'); const all = await r.json();
  document.getElementById('q').value = all[b.dataset.name].text; }});
</script></body></html>
"""


def make_app(config: ServeConfig, upstream: str) -> Any:
    """The Tornado application in front of the Oxigraph server at ``upstream``."""
    import tornado.httpclient
    import tornado.ioloop
    import tornado.web

    client = tornado.httpclient.AsyncHTTPClient()

    class Base(tornado.web.RequestHandler):
        def fail(self, status: int, message: str) -> None:
            self.set_status(status)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(message + "\n")

        async def forward(self, path: str, *, accept: str) -> tornado.httpclient.HTTPResponse:
            body = self.request.body if self.request.method == "POST" else None
            headers = {"Accept": accept}
            if "Content-Type" in self.request.headers:
                headers["Content-Type"] = self.request.headers["Content-Type"]
            url = upstream + path + (f"?{self.request.query}" if self.request.query else "")
            return await client.fetch(
                url,
                method=self.request.method,
                body=body,
                headers=headers,
                raise_error=False,
                request_timeout=config.timeout + 30,
                allow_nonstandard_methods=True,
            )

    class Index(Base):
        def get(self) -> None:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(_page(config))

    class Queries(Base):
        def get(self) -> None:
            from kg.query import list_queries

            self.set_header("Content-Type", "application/json")
            self.finish(
                json.dumps(
                    {
                        q.name: {
                            "description": q.description,
                            "params": [p.__dict__ for p in q.params],
                            "columns": list(q.columns),
                            "text": q.text,
                        }
                        for q in list_queries()
                    }
                )
            )

    class Query(Base):
        async def get(self) -> None:
            await self.run()

        async def post(self) -> None:
            await self.run()

        async def run(self) -> None:
            if self.get_argument("update", None) is not None:
                return await Update.refuse_or_forward(self)
            if self.get_argument("query", None) is None and not (
                self.request.method == "POST"
                and self.request.headers.get("Content-Type", "").startswith("application/sparql-query")
            ):
                return self.fail(400, "no query: send ?query=... or POST application/sparql-query")
            response = await self.forward("/query", accept=_UPSTREAM_ACCEPT)
            await self.relay(response)

        async def relay(self, response: tornado.httpclient.HTTPResponse) -> None:
            if response.code == 599:
                return self.fail(503, f"query stopped: no answer within the {config.timeout:g} s timeout")
            if response.code >= 400:
                return self.fail(response.code, (response.body or b"").decode("utf-8", "replace").strip())
            accept = self.request.headers.get("Accept", "") or "*/*"
            try:
                data, media, truncated = limit_results(
                    response.body or b"", response.headers.get("Content-Type", ""), accept, config.max_rows
                )
            except Timeout:
                return self.fail(
                    503, f"query stopped: it ran past the {config.timeout:g} s timeout (kg serve --timeout)"
                )
            self.set_header("Content-Type", media)
            if truncated:
                self.set_header("X-KG-Truncated", "true")
            self.finish(data)

    class Update(Base):
        async def post(self) -> None:
            await self.refuse_or_forward(self)

        @staticmethod
        async def refuse_or_forward(handler: Base) -> None:
            if not config.allow_update:
                return handler.fail(
                    403,
                    "updates are refused: this endpoint is read-only; restart kg serve with --allow-update",
                )
            response = await handler.forward("/update", accept="*/*")
            if response.code >= 400:
                return handler.fail(response.code, (response.body or b"").decode("utf-8", "replace").strip())
            handler.set_status(204)
            handler.finish()

    class Named(Query):
        async def get(self, name: str) -> None:  # type: ignore[override]
            from kg.errors import KGError
            from kg.query import format_result, run_query
            from kg.store.remote import RemoteStore

            params = {k: self.get_argument(k) for k in self.request.arguments if k != "format"}
            fmt = self.get_argument("format", "json")
            store = RemoteStore(upstream + "/query", read_only=True, timeout=config.timeout + 30)
            try:
                result = await tornado.ioloop.IOLoop.current().run_in_executor(
                    None, lambda: run_query(store, name, params)
                )
            except KGError as e:
                return self.fail(400, str(e))
            finally:
                store.close()
            if fmt == "html":
                self.set_header("Content-Type", "text/html; charset=utf-8")
                table = html.escape(format_result(result, "markdown"))
                self.finish(f"<!doctype html><title>{html.escape(name)}</title><pre>{table}</pre>")
                return
            fmt = fmt if fmt in ("json", "csv", "markdown", "table") else "json"
            media = {"json": "application/sparql-results+json", "csv": "text/csv"}.get(fmt, "text/plain")
            self.set_header("Content-Type", media if result.kind != "graph" else "text/turtle")
            self.finish(format_result(result, fmt))

    return tornado.web.Application(
        [
            (r"/", Index),
            (r"/queries", Queries),
            (r"/(?:query|sparql)", Query),
            (r"/update", Update),
            (r"/named/([\w\-]+)", Named),
        ]
    )


def run_server(config: ServeConfig, *, ready: Any = None) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM); the Oxigraph subprocess always stops with us."""
    import asyncio
    import signal

    with (
        store_folder(config.location) as folder,
        oxigraph_server(folder, allow_update=config.allow_update, timeout=config.timeout) as upstream,
    ):

        async def main() -> None:
            app = make_app(config, upstream)
            server = app.listen(config.port, address=config.host)
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError):
                    loop.add_signal_handler(sig, stop.set)
            if ready is not None:
                ready(f"http://{config.host}:{config.port}")
            await stop.wait()
            server.stop()

        try:
            asyncio.run(main())
        except OSError as e:
            raise StoreError(f"cannot listen on {config.host}:{config.port}: {e}") from e
