#!/usr/bin/env python3
"""A stand-in for `aterrapport server`, for testing diagnostics.sh only.

This is a test double, not a linter. It speaks just enough of the Language Server Protocol
over stdio for the headless Neovim script to be tested on its own:

- answers `initialize` (full-text sync, UTF-16 positions) and `shutdown`, exits on `exit`
  with status 0 after `shutdown` (1 without);
- on `didOpen` and `didChange` publishes exactly one diagnostic, an error with code
  `AR999`, at the first occurrence of MARK in the document (default `län`, so that the
  column is computed past non-ASCII letters), or at 1:1 if MARK does not occur;
- answers every other request with "method not found" and ignores other notifications.

Usage, as diagnostics.sh runs it (the first argument, `server`, is accepted and ignored):

    fake_server.py server [--mark TEXT] [--no-publish] [--exit-at-start CODE]

--no-publish never publishes (to test the script's timeout); --exit-at-start exits at once
with CODE (to test a server that dies before it answers).
"""

import json
import sys

MARK = "län"
PUBLISH = True


def read_message(stream):
    """One JSON-RPC message framed with a Content-Length header, or None at end of input."""
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length is None:
        return None
    return json.loads(stream.read(length).decode("utf-8"))


def send(message):
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    out = sys.stdout.buffer
    out.write(b"Content-Length: %d\r\n\r\n" % len(body))
    out.write(body)
    out.flush()


def position_of(text, needle):
    """(line, UTF-16 character) of needle's first occurrence, 0-based; (0, 0) if absent."""
    for number, line in enumerate(text.split("\n")):
        index = line.find(needle)
        if index >= 0:
            return number, len(line[:index].encode("utf-16-le")) // 2
    return 0, 0


def publish(uri, version, text):
    line, character = position_of(text, MARK)
    end = character + len(MARK.encode("utf-16-le")) // 2
    send(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/publishDiagnostics",
            "params": {
                "uri": uri,
                "version": version,
                "diagnostics": [
                    {
                        "range": {
                            "start": {"line": line, "character": character},
                            "end": {"line": line, "character": end},
                        },
                        "severity": 1,
                        "code": "AR999",
                        "source": "aterrapport",
                        "message": f"fake server: test diagnostic at `{MARK}`",
                    }
                ],
            },
        }
    )


def main(argv):
    global MARK, PUBLISH
    args = [a for a in argv if a != "server"]
    while args:
        arg = args.pop(0)
        if arg == "--mark":
            MARK = args.pop(0)
        elif arg == "--no-publish":
            PUBLISH = False
        elif arg == "--exit-at-start":
            sys.stderr.write("fake server: exiting at start as asked\n")
            return int(args.pop(0))
        else:
            sys.stderr.write(f"fake server: unknown argument {arg}\n")
            return 2

    texts = {}
    shut_down = False
    stdin = sys.stdin.buffer
    while True:
        message = read_message(stdin)
        if message is None:
            return 0 if shut_down else 1
        method = message.get("method")
        params = message.get("params") or {}
        is_request = "id" in message
        if method == "initialize":
            send(
                {
                    "jsonrpc": "2.0",
                    "id": message["id"],
                    "result": {
                        "capabilities": {"textDocumentSync": 1, "positionEncoding": "utf-16"},
                        "serverInfo": {"name": "aterrapport-fake", "version": "0"},
                    },
                }
            )
        elif method == "shutdown":
            shut_down = True
            send({"jsonrpc": "2.0", "id": message["id"], "result": None})
        elif method == "exit":
            return 0 if shut_down else 1
        elif method == "textDocument/didOpen":
            document = params["textDocument"]
            texts[document["uri"]] = document["text"]
            if PUBLISH:
                publish(document["uri"], document.get("version"), document["text"])
        elif method == "textDocument/didChange":
            document = params["textDocument"]
            changes = params.get("contentChanges") or []
            if changes and "range" not in changes[-1]:
                texts[document["uri"]] = changes[-1]["text"]
            if PUBLISH:
                publish(document["uri"], document.get("version"), texts.get(document["uri"], ""))
        elif is_request:
            send(
                {
                    "jsonrpc": "2.0",
                    "id": message["id"],
                    "error": {"code": -32601, "message": f"fake server: no {method}"},
                }
            )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
