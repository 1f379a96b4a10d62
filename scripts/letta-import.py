#!/usr/bin/env python3
"""Copies agents from a live Letta server (or another Engram) into Engram, through both servers' public APIs.

    ./engram import --from http://old-letta:8283 [--from-key KEY] [--to URL] [--to-key KEY] [--agent ID ...]

For every agent of the source (or the ones named): its Agent File (GET /v1/agents/{id}/export: blocks, tools with
their source, messages and the in-context window, tool rules) is imported into the target (POST /v1/agents/import),
then its archival passages are copied (GET .../archival-memory, page by page, into the new agent's archive in batches).
Folders are copied with their files' text (an agent's attached folders come with its Agent File; one that an agent
imported before brought is attached, not imported again). Every imported agent carries the tag
`imported-from:<digest>` naming the source server and agent, so a second run skips what is there and only completes what a broken run left half done
(missing passages are matched by text). Prints a report of counts on both sides; exits 1 if any count differs.
Standard library only.
"""
import argparse
import hashlib
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

PAGE = 100
BATCH = 200


class Api:
    def __init__(self, base, key):
        self.base = base.rstrip("/")
        self.key = key

    def call(self, method, path, body=None, raw=None, content_type="application/json"):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", content_type)
        if self.key:
            req.add_header("Authorization", "Bearer " + self.key)
        try:
            with urllib.request.urlopen(req, timeout=300) as r:
                text = r.read().decode()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            detail = e.read().decode(errors="replace")[:500]
            raise SystemExit(f"engram import: {method} {self.base}{path} answered {e.code}: {detail}")
        except urllib.error.URLError as e:
            raise SystemExit(f"engram import: cannot reach {self.base}: {e.reason}")

    def get(self, path):
        return self.call("GET", path)

    def pages(self, path):
        """Every item of a cursor-paginated list, oldest first."""
        sep = "&" if "?" in path else "?"
        after = None
        while True:
            page = self.get(path + sep + f"limit={PAGE}" + (f"&after={after}" if after else ""))
            yield from page
            if len(page) < PAGE:
                return
            after = page[-1]["id"]

    def upload(self, path, filename, content, fields):
        boundary = "engram-" + uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n".encode())
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.call("POST", path, raw=b"".join(parts), content_type=f"multipart/form-data; boundary={boundary}")


def marker(source, agent_id):
    return "imported-from:" + hashlib.sha256(f"{source.base}|{agent_id}".encode()).hexdigest()[:16]


def archival(api, agent_id):
    return list(api.pages(f"/v1/agents/{agent_id}/archival-memory?ascending=true"))


def copy_passages(source, target, source_agent, target_agent):
    """Copies the passages the target agent lacks (by text); answers (source count, target count)."""
    wanted = archival(source, source_agent)
    have = {p["text"] for p in archival(target, target_agent)}
    missing = [p for p in wanted if p["text"] not in have]
    if missing:
        # the first insert makes the agent's default archive; the rest go to it in batches
        first = missing[0]
        made = target.call("POST", f"/v1/agents/{target_agent}/archival-memory",
                           {"text": first["text"], "tags": first.get("tags"), "created_at": first.get("created_at")})
        archive = (made[0] if isinstance(made, list) else made)["archive_id"]
        rest = missing[1:]
        for i in range(0, len(rest), BATCH):
            chunk = [{"text": p["text"], "tags": p.get("tags"), "metadata": p.get("metadata"), "created_at": p.get("created_at")}
                     for p in rest[i:i + BATCH]]
            target.call("POST", f"/v1/archives/{archive}/passages/batch", {"passages": chunk})
    return len(wanted), len(archival(target, target_agent))


def count_messages(api, agent_id):
    return sum(1 for _ in api.pages(f"/v1/agents/{agent_id}/messages?order=asc"))


def reuse_folders(target, document):
    """Folders are matched by name: the document's sources the target already has (an agent imported before shares
    them) are taken out of it, to be attached instead of imported once more; answers the target folders' ids."""
    have = {f["name"]: f["id"] for f in target.pages("/v1/folders/?order=asc")}
    taken = {s["id"]: have[s["name"]] for s in document.get("sources") or [] if s.get("name") in have}
    if taken:
        document["sources"] = [s for s in document["sources"] if s["id"] not in taken]
        document["files"] = [f for f in document.get("files") or [] if f.get("source_id") not in taken]
        for a in document.get("agents", []):
            a["source_ids"] = [i for i in a.get("source_ids") or [] if i not in taken]
            a["files_agents"] = [fa for fa in a.get("files_agents") or [] if fa.get("source_id") not in taken]
    return list(dict.fromkeys(taken.values()))


def copy_agent(source, target, agent):
    tag = marker(source, agent["id"])
    existing = target.get("/v1/agents/?tags=" + urllib.parse.quote(tag))
    if existing:
        new_id, fresh = existing[0]["id"], False
    else:
        document = source.get(f"/v1/agents/{agent['id']}/export")
        for a in document.get("agents", []):
            a["tags"] = list(a.get("tags") or []) + [tag]
        shared = reuse_folders(target, document)
        imported = target.upload("/v1/agents/import", "agent.af", json.dumps(document).encode(),
                                 {"append_copy_suffix": "false", "override_existing_tools": "false"})
        new_id, fresh = imported["agent_ids"][0], True
        for folder_id in shared:
            target.call("PATCH", f"/v1/agents/{new_id}/folders/attach/{folder_id}")
    passages = copy_passages(source, target, agent["id"], new_id)
    blocks = (len(source.get(f"/v1/agents/{agent['id']}/core-memory/blocks")),
              len(target.get(f"/v1/agents/{new_id}/core-memory/blocks")))
    messages = (count_messages(source, agent["id"]), count_messages(target, new_id))
    tools = (len(source.get(f"/v1/agents/{agent['id']}/tools")), len(target.get(f"/v1/agents/{new_id}/tools")))
    return {"source_id": agent["id"], "target_id": new_id, "name": agent["name"], "imported": fresh,
            "blocks": blocks, "messages": messages, "passages": passages, "tools": tools}


def copy_folders(source, target):
    """Folders by name, with the text of their files (files already there by name are kept); answers counts."""
    have = {f["name"]: f for f in target.pages("/v1/folders/?order=asc")}
    rows = []
    for folder in source.pages("/v1/folders/?order=asc"):
        mine = have.get(folder["name"]) or target.call("POST", "/v1/folders/", {
            "name": folder["name"], "description": folder.get("description"), "instructions": folder.get("instructions")})
        present = {f["file_name"] for f in target.pages(f"/v1/folders/{mine['id']}/files?order=asc")}
        files = list(source.pages(f"/v1/folders/{folder['id']}/files?order=asc&include_content=true"))
        for f in files:
            name = f.get("original_file_name") or f["file_name"]
            if name not in present and f["file_name"] not in present and f.get("content") is not None:
                target.upload(f"/v1/folders/{mine['id']}/upload", name, f["content"].encode(), {})
        copied = sum(1 for _ in target.pages(f"/v1/folders/{mine['id']}/files?order=asc"))
        rows.append({"name": folder["name"], "files": (len(files), copied)})
    return rows


def main():
    p = argparse.ArgumentParser(prog="./engram import", description=__doc__.split("\n\n")[0])
    p.add_argument("--from", dest="source", required=True, help="the source server's base URL (Letta 0.16 or Engram)")
    p.add_argument("--from-key", default=None, help="the source's API key or password (Authorization: Bearer)")
    p.add_argument("--to", dest="target", required=True, help="this Engram's base URL")
    p.add_argument("--to-key", default=None, help="an Engram API key of the organization to import into")
    p.add_argument("--agent", action="append", help="only this source agent (repeatable)")
    p.add_argument("--no-folders", action="store_true", help="do not copy folders")
    args = p.parse_args()
    source, target = Api(args.source, args.from_key), Api(args.target, args.to_key)

    agents = [source.get(f"/v1/agents/{a}") for a in args.agent] if args.agent else list(source.pages("/v1/agents/?order=asc"))
    report = {"agents": [copy_agent(source, target, a) for a in agents],
              "folders": [] if args.no_folders else copy_folders(source, target)}
    differs = False
    print(f"{'agent':<32} {'blocks':>9} {'messages':>11} {'passages':>11} {'tools':>7}  (source/target)")
    for r in report["agents"]:
        cells = [f"{r[k][0]}/{r[k][1]}" for k in ("blocks", "messages", "passages", "tools")]
        # messages: the target may hold more (an import adds none, but a later turn would); fewer means loss
        differs |= r["blocks"][0] != r["blocks"][1] or r["passages"][0] != r["passages"][1] or r["messages"][1] < r["messages"][0]
        state = "imported" if r["imported"] else "already there"
        print(f"{r['name'][:32]:<32} {cells[0]:>9} {cells[1]:>11} {cells[2]:>11} {cells[3]:>7}  {r['target_id']} ({state})")
    for f in report["folders"]:
        differs |= f["files"][0] != f["files"][1]
        print(f"folder {f['name'][:25]:<25} files {f['files'][0]}/{f['files'][1]}")
    imported = sum(1 for r in report["agents"] if r["imported"])
    print(f"{imported} agents imported, {len(report['agents']) - imported} already there; "
          f"{len(report['folders'])} folders" + ("; COUNTS DIFFER" if differs else "; every count matches"))
    print("REPORT " + json.dumps(report))
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
