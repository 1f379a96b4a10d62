# Runs one custom tool call inside the sandbox. The job (source, function, arguments) is in job.json beside this
# file; the outcome goes to stdout after a marker line the server chose, so what the tool prints stays apart.
import inspect
import json
import sys
import traceback


class Block:
    def __init__(self, data):
        self.label = data.get("label")
        self.value = data.get("value", "")
        self.limit = data.get("limit")
        self.description = data.get("description")
        self.read_only = bool(data.get("read_only"))


class Memory:
    def __init__(self, blocks):
        self.blocks = [Block(b) for b in blocks]

    def get_block(self, label):
        for b in self.blocks:
            if b.label == label:
                return b
        raise KeyError(f"Block field {label} does not exist (available sections = {', '.join(b.label for b in self.blocks)})")

    def list_block_labels(self):
        return [b.label for b in self.blocks]

    def update_block_value(self, label, value):
        if not isinstance(value, str):
            raise ValueError("Provided value must be a string")
        self.get_block(label).value = value


class AgentState:
    def __init__(self, data):
        self.id = data.get("id")
        self.name = data.get("name")
        self.memory = Memory(data.get("blocks", []))


def outcome(value):
    if isinstance(value, str):
        return {"kind": "text", "value": value}
    if value is None:
        return {"kind": "text", "value": "None"}
    if isinstance(value, dict):
        try:
            return {"kind": "json", "value": json.loads(json.dumps(value, default=str))}
        except (TypeError, ValueError):
            return {"kind": "text", "value": str(value)}
    return {"kind": "text", "value": str(value)}


def main():
    with open("job.json", encoding="utf-8") as f:
        job = json.load(f)
    marker = job["marker"]
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    state = None
    try:
        exec(compile(job["source"], job["function"] + ".py", "exec"), namespace)
        fn = namespace[job["function"]]
        args = dict(job["args"])
        if "agent_state" in inspect.signature(fn).parameters and job.get("agent_state") is not None:
            state = AgentState(job["agent_state"])
            args["agent_state"] = state
        value = fn(**args)
        if inspect.iscoroutine(value):
            import asyncio
            value = asyncio.run(value)
        result = {"ok": True, **outcome(value)}
    except BaseException as e:  # SystemExit and KeyboardInterrupt too: the call failed, the sandbox did not
        traceback.print_exc()
        result = {"ok": False, "error_type": type(e).__name__, "error": str(e)}
    if state is not None:
        before = {b["label"]: b.get("value", "") for b in job["agent_state"].get("blocks", [])}
        result["blocks"] = {b.label: b.value for b in state.memory.blocks if before.get(b.label) != b.value}
    sys.stdout.flush()
    sys.stderr.flush()
    sys.stdout.write("\n" + marker + "\n" + json.dumps(result) + "\n")
    sys.stdout.flush()


main()
