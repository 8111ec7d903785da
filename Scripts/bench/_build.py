"""The release build both benchmark runners start with."""
import os
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def build(retries, log):
    """swift build -c release in the repository; retries after a minute (a busy machine can time out)."""
    for attempt in range(retries + 1):
        log("swift build -c release ...")
        r = subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, capture_output=True, text=True)
        if r.returncode == 0:
            return
        log("build failed (attempt %d):\n%s" % (attempt + 1, (r.stdout + r.stderr)[-1500:]))
        if attempt < retries:
            time.sleep(60)
    sys.exit("build failed; fix it or rerun with --no-build")
