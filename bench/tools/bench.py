#!/usr/bin/env python3
"""Tool-call latency of the suite against its baselines, all measured in one run on this machine.

1. Sandboxed custom tools: p50/p99 of a bare `python3 -c pass`, of the same under bubblewrap, and of a Python tool
   through the public API, cold (a source never seen before) and warm (the same tool again).
2. MCP: an attached MCP tool run through the API against a direct JSON-RPC `tools/call` from this process to the same
   server (one MCP session reused: the cheapest a client can do).

It starts the suite with ./engram up (free ports, a throw-away ENGRAM_HOME) and the reference MCP server from npm, and
prints Markdown tables. Run it with bench/tools/run.sh; tests never measure timings, this program does.
"""
import argparse
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
TARGET = os.path.join(ROOT, "bench", "tools", "target")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(samples, p):
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def row(name, samples, note=""):
    ms = [x * 1000 for x in samples]
    return f"| {name} | {len(ms)} | {pct(ms, 50):.1f} | {pct(ms, 99):.1f} | {note} |"


def timed(fn, n):
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


class Api:
    def __init__(self, base):
        self.base = base

    def call(self, method, path, body=None, headers=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
        with urllib.request.urlopen(req, timeout=120) as r:
            text = r.read().decode()
            return json.loads(text) if text else None


class DirectMcp:
    """A minimal streamable-HTTP MCP client: initialize once, then tools/call on the same session."""

    def __init__(self, url):
        self.url = url
        self.session = None
        self.next_id = 0
        self.rpc("initialize", {"protocolVersion": "2025-03-26", "capabilities": {},
                                "clientInfo": {"name": "engram-bench", "version": "1"}})
        self.post({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def post(self, message):
        headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        if self.session:
            headers["Mcp-Session-Id"] = self.session
        req = urllib.request.Request(self.url, data=json.dumps(message).encode(), method="POST", headers=headers)
        with urllib.request.urlopen(req, timeout=60) as r:
            self.session = r.headers.get("Mcp-Session-Id") or self.session
            body = r.read().decode()
            ctype = r.headers.get("Content-Type", "")
        if not body.strip():
            return None
        if "text/event-stream" in ctype:
            for line in body.splitlines():
                if line.startswith("data:"):
                    msg = json.loads(line[5:])
                    if "id" in msg:
                        return msg
            return None
        return json.loads(body)

    def rpc(self, method, params):
        self.next_id += 1
        answer = self.post({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        if answer is None or "error" in answer:
            raise RuntimeError(f"MCP {method} failed: {answer}")
        return answer["result"]


def start_mcp_server(port):
    src = os.path.join(ROOT, "agent-service", "src", "test", "mcp-server")
    d = os.path.join(TARGET, "mcp-server")
    os.makedirs(d, exist_ok=True)
    for f in ("package.json", "package-lock.json", "loopback.cjs"):
        shutil.copy(os.path.join(src, f), d)
    entry = os.path.join(d, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js")
    if not os.path.exists(entry):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=d, check=True,
                       stdout=subprocess.DEVNULL)
    log = open(os.path.join(d, "streamable.log"), "w")
    p = subprocess.Popen(["node", "--require", os.path.join(d, "loopback.cjs"), entry, "streamableHttp"], cwd=d,
                         env={**os.environ, "PORT": str(port)}, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return p
        except OSError:
            time.sleep(0.1)
    p.kill()
    raise RuntimeError("the MCP server did not start")


BWRAP = ["bwrap", "--die-with-parent", "--unshare-all", "--clearenv", "--ro-bind", "/usr", "/usr",
         "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin",
         "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--"]

TOOL = '''def {name}(sides: int) -> str:
    """Roll a die the same way every time.

    Args:
        sides: how many sides the die has

    Returns:
        str: the face
    """
    return "face " + str(sides % 6 + 1)
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=200, help="warm calls per measured path")
    ap.add_argument("--cold", type=int, default=30, help="cold calls (each a tool source never seen before)")
    ap.add_argument("--mcp-calls", type=int, default=300)
    args = ap.parse_args()
    load0 = os.getloadavg()

    home = tempfile.mkdtemp(prefix="engram-tools-bench-", dir=TARGET)
    os.chmod(home, 0o755)
    ports = {"ENGRAM_AGENT_PORT": free_port(), "ENGRAM_MEMORY_PORT": free_port(),
             "ENGRAM_EMBEDDING_PORT": free_port(), "ENGRAM_PG_PORT": free_port()}
    env = {**os.environ, "ENGRAM_HOME": home, "OPENAI_API_KEY": "unused", "ENGRAM_NO_BUILD": "1",
           **{k: str(v) for k, v in ports.items()}}
    env.pop("LETTA_PG_URI", None)
    engram = os.path.join(ROOT, "engram")
    mcp_port = free_port()
    mcp = None
    try:
        up = subprocess.run([engram, "up"], cwd=ROOT, env=env, capture_output=True, text=True)
        if up.returncode != 0:
            sys.exit("./engram up failed:\n" + up.stdout + up.stderr)
        api = Api(f"http://127.0.0.1:{ports['ENGRAM_AGENT_PORT']}")
        mcp = start_mcp_server(mcp_port)

        # --- baselines: process spawn, bare and under bubblewrap
        python = "/usr/bin/python3"
        timed(lambda: subprocess.run([python, "-c", "pass"], check=True), 10)
        bare = timed(lambda: subprocess.run([python, "-c", "pass"], check=True), args.calls)
        bwrap = timed(lambda: subprocess.run(BWRAP + [python, "-c", "pass"], check=True), args.calls)

        # --- POST /v1/tools/run: cold (new source each call) and warm (one source again and again)
        def run_source(name):
            r = api.call("POST", "/v1/tools/run", {"source_code": TOOL.format(name=name), "args": {"sides": 6}})
            assert r["status"] == "success" and r["tool_return"] == "face 1", r

        cold_run = timed(lambda: run_source("roll_" + uuid.uuid4().hex[:12]), args.cold)
        timed(lambda: run_source("roll_warm"), 10)
        warm_run = timed(lambda: run_source("roll_warm"), args.calls)

        # --- an attached custom tool through the agent's tool route (the path the loop takes)
        def agent_with(tool_ids):
            return api.call("POST", "/v1/agents/", {"name": "bench-" + uuid.uuid4().hex[:8], "model": "openai/gpt-4o-mini",
                                                   "embedding": "local/all-minilm-l6-v2", "tool_ids": tool_ids,
                                                   "memory_blocks": [{"label": "human", "value": "bench"}]})["id"]

        def run_attached(agent, name, body, expect):
            r = api.call("POST", f"/v1/agents/{agent}/tools/{name}/run", body)
            assert expect(r), r

        cold_attached = []
        for _ in range(args.cold):
            name = "roll_" + uuid.uuid4().hex[:12]
            tool = api.call("POST", "/v1/tools/", {"source_code": TOOL.format(name=name)})
            agent = agent_with([tool["id"]])
            cold_attached += timed(lambda: run_attached(agent, name, {"args": {"sides": 6}}, lambda r: "face 1" in json.dumps(r)), 1)
        tool = api.call("POST", "/v1/tools/", {"source_code": TOOL.format(name="roll_attached")})
        agent = agent_with([tool["id"]])
        timed(lambda: run_attached(agent, "roll_attached", {"args": {"sides": 6}}, lambda r: "face 1" in json.dumps(r)), 10)
        warm_attached = timed(lambda: run_attached(agent, "roll_attached", {"args": {"sides": 6}},
                                                   lambda r: "face 1" in json.dumps(r)), args.calls)

        # --- MCP: through the API against a direct call on one warm session
        url = f"http://127.0.0.1:{mcp_port}/mcp"
        server = api.call("POST", "/v1/mcp-servers/", {"server_name": "bench-" + uuid.uuid4().hex[:8],
                                                       "config": {"mcp_server_type": "streamable_http", "server_url": url}})
        tools = api.call("GET", f"/v1/mcp-servers/{server['id']}/tools")
        echo = next(t for t in tools if t["name"] == "echo")
        mcp_agent = agent_with([echo["id"]])
        body = {"args": {"message": "ping"}}
        timed(lambda: run_attached(mcp_agent, "echo", body, lambda r: "ping" in json.dumps(r)), 10)
        via_api = timed(lambda: run_attached(mcp_agent, "echo", body, lambda r: "ping" in json.dumps(r)), args.mcp_calls)
        direct = DirectMcp(url)

        def direct_call():
            r = direct.rpc("tools/call", {"name": "echo", "arguments": {"message": "ping"}})
            assert "ping" in json.dumps(r), r

        timed(direct_call, 10)
        direct_samples = timed(direct_call, args.mcp_calls)

        def fresh_session_call():
            DirectMcp(url).rpc("tools/call", {"name": "echo", "arguments": {"message": "ping"}})

        direct_fresh = timed(fresh_session_call, min(args.mcp_calls, 100))
    finally:
        if mcp:
            mcp.terminate()
        subprocess.run([engram, "down"], cwd=ROOT, env=env, capture_output=True)
    load1 = os.getloadavg()

    base = pct([x * 1000 for x in bare], 50)
    print(f"load average at start {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}, at end {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}; "
          f"{os.cpu_count()} cores\n")
    print("## Sandboxed tool calls (ms)\n")
    print("| path | calls | p50 | p99 | note |\n|---|---|---|---|---|")
    print(row("`python3 -c pass` (baseline, spawned here)", bare))
    print(row("`bwrap … python3 -c pass` (spawned here)", bwrap, f"{pct([x*1000 for x in bwrap],50)-base:+.1f} ms over bare at p50"))
    for name, s in (("`POST /v1/tools/run`, cold (new source)", cold_run), ("`POST /v1/tools/run`, warm", warm_run),
                    ("attached tool `POST /v1/agents/{id}/tools/{name}/run`, cold", cold_attached),
                    ("attached tool, warm", warm_attached)):
        print(row(name, s, f"{pct([x*1000 for x in s],50)/base:.1f}× the bare spawn at p50"))
    print("\n## MCP tool calls (ms), `echo` of server-everything over streamable HTTP\n")
    print("| path | calls | p50 | p99 | note |\n|---|---|---|---|---|")
    d50 = pct([x * 1000 for x in direct_samples], 50)
    print(row("direct `tools/call`, one session reused (baseline)", direct_samples))
    print(row("direct: new session per call (initialize + call)", direct_fresh, f"{pct([x*1000 for x in direct_fresh],50)-d50:+.1f} ms over the baseline"))
    print(row("through Engram `POST /v1/agents/{id}/tools/echo/run`", via_api, f"{pct([x*1000 for x in via_api],50)-d50:+.1f} ms over the baseline at p50"))


if __name__ == "__main__":
    main()
