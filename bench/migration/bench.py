#!/usr/bin/env python3
"""Migration throughput of the suite, with the baseline it is bound by measured in the same run.

1. Agent File import: one agent with --messages messages and --passages archival passages (a document built from an
   export of a real agent of this suite, its history and passages multiplied), POST /v1/agents/import, --imports
   times: agents/s, messages/s and passages/s. Baseline: embedding the same passages' text straight through
   embedding-service (what an import must at least pay, since it embeds every passage again).
2. File ingest: a PDF of --pages pages of text uploaded to a folder (parse, chunk, embed, index; the upload answers
   at once and the file is polled until completed): pages/s. Baseline: embedding-service embedding the same chunks' text directly.

It starts the suite with ./engram up (free ports, a throw-away ENGRAM_HOME; the local ONNX embedding model), prints
Markdown tables and stops the suite. Run it with bench/migration/run.sh.
"""
import argparse
import copy
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODEL = "local/all-minilm-l6-v2-q"
WORDS = ("memory archive agent window block passage search index sailing harbour lisbon river morning evening letter "
         "garden market bridge lantern orchard").split()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sentence(i, n=40, salt=""):
    return " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(n)) + f" (item {i}{salt})."


class Api:
    def __init__(self, base, headers=None):
        self.base = base
        self.headers = headers or {}

    def call(self, method, path, body=None, raw=None, content_type="application/json"):
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": content_type, **self.headers})
        try:
            with urllib.request.urlopen(req, timeout=1800) as r:
                text = r.read().decode()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            sys.exit(f"{method} {path} answered {e.code}: {e.read().decode(errors='replace')[:800]}")

    def upload(self, path, filename, content, mime):
        boundary = "bench-" + uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
                f"Content-Type: {mime}\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self.call("POST", path, raw=body, content_type=f"multipart/form-data; boundary={boundary}")


def pdf(pages, lines_per_page=40):
    """A plain PDF of text pages (Helvetica), written by hand: no library needed."""
    objects = []

    def add(body):
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page_ids = []
    pages_id = len(objects) + 1 + 2 * pages  # the Pages object comes after every page and its content
    for p in range(pages):
        text = ["BT /F1 10 Tf 50 780 Td 12 TL"]
        for line in range(lines_per_page):
            words = sentence(p * lines_per_page + line, 14).replace("(", "").replace(")", "")
            text.append(f"({words}) Tj T*")
        text.append("ET")
        stream = "\n".join(text).encode()
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)))
    assert add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % i for i in page_ids) + b"] /Count %d >>" % pages) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def template(api):
    """An export of a real agent of this suite, with one passage."""
    agent = api.call("POST", "/v1/agents/", {"name": "template", "model": "openai/gpt-4o-mini", "embedding": MODEL,
                                            "memory_blocks": [{"label": "human", "value": "Name: Ada."},
                                                              {"label": "persona", "value": "A helpful assistant."}]})
    api.call("POST", f"/v1/agents/{agent['id']}/archival-memory", {"text": "template passage"})
    return api.call("GET", f"/v1/agents/{agent['id']}/export?include_passages=true")


def big_agent_file(exported, messages, passages, salt):
    """The export grown to `messages` messages and `passages` passages whose text no earlier one had (`salt`): the
    embedding-service cache never answers for them, as in a real migration."""
    doc = copy.deepcopy(exported)
    a = doc["agents"][0]
    first = a["messages"][0]  # the system message
    grown = [first]
    for i in range(messages - 1):
        m = copy.deepcopy(first)
        m["id"] = f"message-{i + 1}"
        m["role"] = "user" if i % 2 == 0 else "assistant"
        m["content"] = [{"type": "text", "text": sentence(i, 12)}]
        grown.append(m)
    a["messages"] = grown
    a["in_context_message_ids"] = [first["id"]] + [m["id"] for m in grown[-20:]]
    one = a["passages"][0]
    a["passages"] = [dict(copy.deepcopy(one), text=sentence(i, salt=salt), id=f"passage-{i}") for i in range(passages)]
    return doc, [p["text"] for p in a["passages"]]


def embed_direct(embedding, texts, batch=64):
    t = time.perf_counter()
    for i in range(0, len(texts), batch):
        embedding.call("POST", "/v1/embeddings", {"model": MODEL, "input": texts[i:i + batch]})
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=10_000)
    ap.add_argument("--passages", type=int, default=10_000)
    ap.add_argument("--imports", type=int, default=3)
    ap.add_argument("--pages", type=int, default=100)
    args = ap.parse_args()

    home = tempfile.mkdtemp(prefix="engram-migration-bench-")
    ports = {"ENGRAM_AGENT_PORT": free_port(), "ENGRAM_MEMORY_PORT": free_port(),
             "ENGRAM_EMBEDDING_PORT": free_port(), "ENGRAM_PG_PORT": free_port()}
    env = {**os.environ, "ENGRAM_HOME": home, "OPENAI_API_KEY": "unused", "ENGRAM_NO_BUILD": "1",
           "ENGRAM_JAVA_OPTS": "-Xmx2g", **{k: str(v) for k, v in ports.items()}}
    env.pop("LETTA_PG_URI", None)
    engram = os.path.join(ROOT, "engram")
    print("Engram migration benchmark: Agent File import and file ingest, with embedding-service's own throughput")
    print(f"machine: {os.cpu_count()} CPUs; load average at start: {os.getloadavg()}")
    up = subprocess.run([engram, "up"], cwd=ROOT, env=env, capture_output=True, text=True)
    if up.returncode != 0:
        sys.exit("./engram up failed:\n" + up.stdout + up.stderr)
    try:
        api = Api(f"http://127.0.0.1:{ports['ENGRAM_AGENT_PORT']}")
        token = open(os.path.join(home, "service-token")).read().strip()
        embedding = Api(f"http://127.0.0.1:{ports['ENGRAM_EMBEDDING_PORT']}", {"X-Engram-Service-Token": token})
        embed_direct(embedding, [sentence(i) for i in range(512)])  # warm the model

        exported = template(api)
        took = []
        for n in range(args.imports):
            doc, texts = big_agent_file(exported, args.messages, args.passages, f" import {n}")
            body = json.dumps(doc).encode()
            t = time.perf_counter()
            r = api.upload("/v1/agents/import", "big.af", body, "application/json")
            took.append(time.perf_counter() - t)
            count = api.call("GET", f"/v1/agents/{r['agent_ids'][0]}/archival-memory?limit=1")
            assert count, "the imported agent has passages"
        took.sort()
        mid = took[len(took) // 2]
        print(f"\nAgent File import: one agent, {args.messages} messages, {args.passages} passages "
              f"({len(body) / 1e6:.1f} MB document), {args.imports} imports one after another, each with passages of its own")
        print("| what | seconds p50 (min-max) | agents/s | messages/s | passages/s |")
        print("|---|---|---|---|---|")
        print(f"| POST /v1/agents/import | {mid:.1f} ({took[0]:.1f}-{took[-1]:.1f}) | {1 / mid:.3f} | "
              f"{args.messages / mid:.0f} | {args.passages / mid:.0f} |")
        base = embed_direct(embedding, [sentence(i, salt=" baseline") for i in range(args.passages)])
        print(f"| baseline: embedding-service embeds the {args.passages} passages' text directly (batches of 64) | {base:.1f} | | | "
              f"{args.passages / base:.0f} |")

        folder = api.call("POST", "/v1/folders/", {"name": "bench", "embedding": MODEL})
        document = pdf(args.pages)
        t = time.perf_counter()
        f = api.upload(f"/v1/folders/{folder['id']}/upload", "bench.pdf", document, "application/pdf")
        # answered at once; ingested in the background: polled until it has ended, as a client does
        while f.get("processing_status") not in ("completed", "error"):
            time.sleep(0.05)
            f = api.call("GET", f"/v1/folders/{folder['id']}/files/{f['id']}")
        ingest = time.perf_counter() - t
        status = f.get("processing_status")
        passages = api.call("GET", f"/v1/folders/{folder['id']}/passages?limit=1000")
        chunk_texts = [p["text"] for p in passages]
        base_files = embed_direct(embedding, ["baseline " + t for t in chunk_texts])  # not in the cache
        print(f"\nFile ingest: a {args.pages}-page PDF ({len(document) / 1e3:.0f} kB, 40 lines of text a page), one upload; "
              f"status {status}, {len(chunk_texts)} chunks")
        print("| what | seconds | pages/s | chunks/s |")
        print("|---|---|---|---|")
        print(f"| POST /v1/folders/{{id}}/upload (parse, chunk, embed, index) | {ingest:.2f} | {args.pages / ingest:.1f} | "
              f"{len(chunk_texts) / ingest:.0f} |")
        print(f"| baseline: embedding-service embeds the same chunks directly | {base_files:.2f} | {args.pages / base_files:.1f} | "
              f"{len(chunk_texts) / base_files:.0f} |")
    finally:
        subprocess.run([engram, "down"], cwd=ROOT, env=env, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)
    print(f"\nload average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
