"""Runs `python -c SCRIPT [ARGS...]` as the backend container would, modelled
under ROOT: ROOT/data is the database volume, ROOT/tmp the pod's /tmp (an
emptyDir with a size limit), and every other path is the container's
read-only root file system.

usage: pod-python.py CONFIG -c SCRIPT [ARGS...]
CONFIG is JSON: {"root": ROOT, "volumes": {"/data": BYTES|null, "/tmp": BYTES}}.

An audit hook refuses writes outside the volumes (read-only file system),
renames between them (another device) and other programs. On a volume with a
size, open() and sqlite3.connect() get what is left of it as a budget (a full
disk past it: ENOSPC, SQLITE_FULL), os.statvfs() reports it, and every other
way of writing there is refused, so nothing grows past the limit unnoticed.
A literal /tmp path in a script also means the pod's /tmp: the file lands in
this machine's /tmp, counts against the same budget and must be gone at the end.
"""
import builtins
import errno
import io
import json
import os
import sqlite3
import sys
import threading

config = json.loads(sys.argv[1])
ROOT = os.path.realpath(config["root"])
HOST_TMP = os.path.realpath("/tmp")
VOLUMES = {mount: (os.path.join(ROOT, mount.strip("/")), size) for mount, size in config["volumes"].items()}
for host_dir, _ in VOLUMES.values():
    os.makedirs(host_dir, exist_ok=True)
SIDE_FILES = ("", "-journal", "-wal", "-shm")
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
PROCESS_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "pty.spawn"}
literal_tmp = set()
permit = threading.local()


def pod_path(p):
    """The path as the pod sees it."""
    host = os.path.realpath(os.fsdecode(p))
    if host == ROOT or host.startswith(ROOT + os.sep):
        return "/" + os.path.relpath(host, ROOT)
    if host.startswith(HOST_TMP + os.sep):
        return "/tmp/" + os.path.relpath(host, HOST_TMP)
    return host


def volume(p):
    pod = pod_path(p)
    return next((m for m in VOLUMES if pod == m or pod.startswith(m + "/")), None)


def budget(mount):
    return VOLUMES[mount][1]


def literal_files():
    return [p + s for p in literal_tmp for s in SIDE_FILES if os.path.exists(p + s)]


def used(mount):
    n = sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(VOLUMES[mount][0]) for f in files)
    return n + (sum(os.path.getsize(p) for p in literal_files()) if mount == "/tmp" else 0)


def sqlite_file(database):
    """The file a sqlite3.connect() argument names, or None when it opens it read-only or in memory."""
    name = os.fsdecode(database)
    if name.startswith("file:"):
        name, _, query = name[5:].partition("?")
        if "mode=ro" in query or "mode=memory" in query:
            return None
        name = name[2:] if name.startswith("///") else name
    return None if name in ("", ":memory:") else name


def check_write(p, grows=True):
    """Refuses a change outside the volumes, and one that may add bytes to a volume with a size outside the budgeted calls."""
    mount = volume(p)
    if mount is None:
        raise OSError(errno.EROFS, "Read-only file system", pod_path(p))
    if grows and budget(mount) is not None and not getattr(permit, "on", False):
        raise OSError(errno.EPERM, "the pod model limits %s only through open() and sqlite3.connect()" % mount, pod_path(p))
    host = os.path.realpath(os.fsdecode(p))
    if grows and mount == "/tmp" and not host.startswith(ROOT + os.sep) and not os.path.exists(host):
        literal_tmp.add(host)


def hook(event, args):
    if event in PROCESS_EVENTS:
        raise PermissionError("the pod model runs no other programs")
    if event == "open":
        path, mode, flags = args
        if not isinstance(path, int) and (any(c in mode for c in "wax+") if mode else flags & WRITE_FLAGS):
            check_write(path)
    elif event == "sqlite3.connect":
        name = sqlite_file(args[0])
        if name is not None:
            check_write(name)
    elif event == "os.rename":
        check_write(args[1], grows=False)
        if volume(args[0]) != volume(args[1]):
            raise OSError(errno.EXDEV, "Invalid cross-device link", pod_path(args[1]))
    elif event in ("os.link", "os.symlink"):
        check_write(args[1])
    elif event in ("os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.utime", "os.truncate") and not isinstance(args[0], int):
        check_write(args[0], grows=event == "os.truncate")


def permitted(fn, *args, **kwargs):
    permit.on = True
    try:
        return fn(*args, **kwargs)
    finally:
        permit.on = False


class Budgeted:
    """A file opened for writing on a volume with a size: sequential writes only, a full disk past the budget."""

    def __init__(self, f, mount):
        self._f, self._mount = f, mount

    def write(self, data):
        self._f.flush()
        n = len(data.encode() if isinstance(data, str) else data)
        if used(self._mount) + n > budget(self._mount):
            raise OSError(errno.ENOSPC, "No space left on device", pod_path(self._f.name))
        return self._f.write(data)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        self._f.flush()

    def close(self):
        self._f.close()

    @property
    def name(self):
        return self._f.name

    @property
    def closed(self):
        return self._f.closed

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self._f.close()


real_open, real_connect, real_statvfs = io.open, sqlite3.connect, os.statvfs


def budgeted_open(file, mode="r", *args, **kwargs):
    f = permitted(real_open, file, mode, *args, **kwargs)
    mount = None if isinstance(file, int) or not any(c in mode for c in "wax+") else volume(file)
    return Budgeted(f, mount) if mount and budget(mount) is not None else f


def budgeted_connect(database, *args, **kwargs):
    c = permitted(real_connect, database, *args, **kwargs)
    name = sqlite_file(database)
    mount = name and volume(name)
    if mount and budget(mount) is not None:
        page = c.execute("PRAGMA page_size").fetchone()[0]
        have = os.path.getsize(name) if os.path.exists(name) else 0
        c.execute("PRAGMA max_page_count=%d" % max(1, (have + budget(mount) - used(mount)) // page))

    def no_attach(action, arg1, *_):
        # ATTACH and VACUUM INTO write files that the budget above does not cover.
        if action == sqlite3.SQLITE_ATTACH and sqlite_file(arg1 or "") is not None:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    c.set_authorizer(no_attach)
    return c


def budgeted_statvfs(p):
    mount = None if isinstance(p, int) else volume(p)
    if mount is None or budget(mount) is None:
        return real_statvfs(p)
    free = max(0, budget(mount) - used(mount))
    return os.statvfs_result((1, 1, budget(mount), free, free, 0, 0, 0, 0, 255))


builtins.open = io.open = budgeted_open
sqlite3.connect = budgeted_connect
os.statvfs = budgeted_statvfs
sys.addaudithook(hook)

if sys.argv[2] != "-c":
    sys.exit("pod-python: only `python -c SCRIPT` is modelled")
script = sys.argv[3]
sys.argv = ["-c"] + sys.argv[4:]
failed = None
try:
    exec(compile(script, "<string>", "exec"), {"__name__": "__main__"})
except BaseException as e:
    failed = e
left = literal_files()
for p in left:
    os.remove(p)
if left:
    print("pod-python: the script left %s in the pod's /tmp" % ", ".join(left), file=sys.stderr)
    if failed is None or isinstance(failed, SystemExit) and not failed.code:
        sys.exit(1)
if failed is not None:
    raise failed
