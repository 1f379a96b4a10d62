# Runs a run_code snippet inside the sandbox as a notebook cell runs: statements in order, and the value of a last
# bare expression kept as the cell's result. The outcome follows a marker line on stdout.
import ast
import json
import sys
import traceback


def main():
    with open("job.json", encoding="utf-8") as f:
        job = json.load(f)
    marker = job["marker"]
    results = []
    error = None
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    try:
        tree = ast.parse(job["code"], "<code>", "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, "<code>", "exec"), namespace)
        if last is not None:
            value = eval(compile(last, "<code>", "eval"), namespace)
            if value is not None:
                results.append(repr(value))
    except BaseException as e:
        error = {"name": type(e).__name__, "value": str(e), "traceback": traceback.format_exc()}
    sys.stdout.flush()
    sys.stderr.flush()
    sys.stdout.write("\n" + marker + "\n" + json.dumps({"results": results, "error": error}) + "\n")
    sys.stdout.flush()


main()
