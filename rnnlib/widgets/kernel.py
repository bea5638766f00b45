"""Which face a stepper shows, and the kernel's idle time: the hooks and the thread that draws ahead.

matplotlib is not thread-safe: every frame is drawn holding :data:`LOCK`, and
the background thread draws only while :data:`IDLE` is set (no cell is
running). Before a cell runs, the frames still missing are drawn, so every
frame shows the notebook's state at the end of the stepper's cell.
"""

import os
import sys
import threading
import time
import traceback
import weakref

FACE_VARIABLE = "RNNLIB_STEPPER_FACE"

LOCK = threading.RLock()            # held while a frame is drawn
IDLE = threading.Event()            # set while no cell runs
IDLE.set()
PENDING = []                        # weak references to live steppers with frames to draw
_WAKE = threading.Condition()
_THREAD = {"hooks": False, "worker": None}


def face():
    """"static" or "live": the environment variable, else live in a kernel only."""
    chosen = os.environ.get(FACE_VARIABLE, "").strip().lower()
    if chosen in ("static", "live"):
        return chosen
    ipython = sys.modules.get("IPython")             # not imported: not in a kernel
    shell = ipython.get_ipython() if ipython is not None else None
    return "live" if getattr(shell, "kernel", None) is not None else "static"


def install_hooks():
    """Pause drawing ahead while a cell runs; finish pending frames before it runs."""
    if _THREAD["hooks"]:
        return
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "events"):
        return
    shell.events.register("pre_run_cell", _before_cell)
    shell.events.register("post_run_cell", _after_cell)
    _THREAD["hooks"] = True
    IDLE.clear()                    # we are inside a cell now: wait for its end


def _before_cell(*_):
    IDLE.clear()
    with LOCK:                      # waits for the frame being drawn, then finishes the rest
        for s in _pending_steppers():
            s._draw_missing()
        del PENDING[:]


def _after_cell(*_):
    IDLE.set()
    with _WAKE:
        _WAKE.notify_all()


def _pending_steppers():
    alive = [ref() for ref in PENDING]
    return [s for s in alive if s is not None and s._missing()]


def draw_ahead(s):
    """Queue stepper ``s`` for the background thread (started on first use)."""
    with _WAKE:
        PENDING.append(weakref.ref(s))
        if _THREAD["worker"] is None:
            _THREAD["worker"] = threading.Thread(target=_worker, name="rnnlib-stepper", daemon=True)
            _THREAD["worker"].start()
        _WAKE.notify_all()


def forget(s):
    """Stop drawing ahead for stepper ``s``."""
    with LOCK:
        PENDING[:] = [r for r in PENDING if r() is not s]


def _worker():
    while True:
        with _WAKE:
            while not (IDLE.is_set() and _pending_steppers()):
                _WAKE.wait(timeout=1.0)
        with LOCK:
            if not IDLE.is_set():
                continue
            todo = _pending_steppers()
            if not todo:
                continue
            try:
                todo[0]._draw_one_ahead()
            except Exception:       # keep the thread for the other steppers; say what broke
                traceback.print_exc()
                PENDING[:] = [r for r in PENDING if r() is not todo[0]]
        time.sleep(0.001)           # let a click in between two frames
