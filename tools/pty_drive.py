#!/usr/bin/env python3
"""Drives a terminal program through a pseudo-terminal, as a person at a keyboard would: sends keys and
waits for text to appear. Used by the CLI tests for TAB completion and Ctrl-C.

    pty_drive.py STEPS_JSON -- PROGRAM ARG...

STEPS_JSON is a list of {"send": "text"} (\\t is TAB, \\u0003 is Ctrl-C, \\r is Enter),
{"expect": "regular expression", "timeout": seconds} and {"sleep": seconds} (reading on meanwhile). Prints the whole session's output; exits 1 with the
step that timed out, 0 when every expectation was met.
"""
import json, os, pty, re, select, signal, sys, time


ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\r")


def plain(output):
    """The output without terminal control sequences (libedit redraws with cursor moves)."""
    return ESCAPES.sub("", output.decode("utf-8", errors="replace"))


def main():
    separator = sys.argv.index("--")
    steps = json.loads(sys.argv[1])
    command = sys.argv[separator + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.environ["COLUMNS"] = "120"
        os.execvp(command[0], command)
    output = b""
    seen = 0  # expectations match only output after the previous match
    try:
        for step in steps:
            if "send" in step:
                os.write(fd, step["send"].encode("utf-8"))
                continue
            if "sleep" in step:
                until = time.time() + step["sleep"]
                while time.time() < until:
                    ready, _, _ = select.select([fd], [], [], max(0, min(0.2, until - time.time())))
                    if ready:
                        try:
                            output += os.read(fd, 65536)
                        except OSError:
                            pass
                continue
            pattern = re.compile(step["expect"])
            deadline = time.time() + step.get("timeout", 30)
            while True:
                text = plain(output)
                match = pattern.search(text, seen)
                if match:
                    seen = match.end()
                    break
                remaining = deadline - time.time()
                if remaining <= 0:
                    sys.stdout.write(text)
                    sys.stdout.write(f"\n[timed out waiting for {step['expect']!r}]\n")
                    return 1
                ready, _, _ = select.select([fd], [], [], min(remaining, 0.2))
                if ready:
                    try:
                        output += os.read(fd, 65536)
                    except OSError:
                        pass
        sys.stdout.write(plain(output))
        return 0
    finally:
        # Give the program five seconds to end by itself (after .quit it saves its history), then stop it.
        try:
            until = time.time() + 5
            while time.time() < until and os.waitpid(pid, os.WNOHANG) == (0, 0):
                ready, _, _ = select.select([fd], [], [], 0.1)
                if ready:
                    try:
                        os.read(fd, 65536)
                    except OSError:
                        pass
            if os.waitpid(pid, os.WNOHANG) == (0, 0):
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
        except OSError:
            pass


if __name__ == "__main__":
    sys.exit(main())
