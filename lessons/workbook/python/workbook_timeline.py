"""Records a Python twin's timeline: one JSON line per task event (issue 8).

sitecustomize imports this module and calls install(path) only when the runner sets
WORKBOOK_TIMELINE to a file path. Without it, nothing here is imported or changed.
Each line is one event of one task, in the order they happen, flushed at once:

    {"t": 1.0, "task": 3, "ev": "poll_start"}

How it works. asyncio has two Task classes: the C one that `asyncio.Task` names, and the
pure-Python one it was written from, `asyncio.tasks._PyTask` (Lib/asyncio/tasks.py),
which the C one mirrors method for method. C methods cannot be hooked; Python ones can.
install() puts `Task` below, a subclass of _PyTask, in the place of `asyncio.Task` and
`asyncio.tasks.Task`, the name every loop's create_task calls (base_events.py). So every
task of every loop (asyncio.run, asyncio.Runner, new_event_loop, virtual clock or real)
is one of ours, and code that names the class (`isinstance(t, asyncio.Task)`,
`asyncio.Task.get_name` as a sort key in lesson 12) still sees the class of its tasks.
A task factory could not offer that, and would miss tasks made with asyncio.Task(...).

Task overrides four methods:
- __init__ records `spawn`: the task's number (0, 1, 2... in creation order), its
  `kind` (`main` when asyncio.run, Runner.run or run_until_complete made it for the
  coroutine it was given, `task` otherwise), `at` (the innermost line of the lesson's
  own files on the creating stack: the create_task, gather, TaskGroup... call) and the
  `name` passed to the Task itself (create_task(name=...)), if any.
- the step: Task.__step (name-mangled `_Task__step`) sends or throws into the
  coroutine once: one poll. Since 3.12 that part is `_Task__step_run_and_handle_result`,
  which an eager start calls too, so that is the one hooked there. Recorded as
  poll_start and poll_end, then `end` if the step finished the task, or `wake` if the
  task put itself back in the ready queue (a bare yield, as in asyncio.sleep(0)).
- Task.__wakeup (`_Task__wakeup`): the done-callback that a task adds to the future
  it awaits. Recorded as `wake`, then it steps the task.
- __hash__: a counter instead of the address, so that sets of tasks (all_tasks(),
  wait()'s results) iterate in the same order on every run.

Times are `loop.time()` of the task's loop (the virtual clock under
WORKBOOK_CLOCK=virtual), from the first event. A later loop keeps its readings when
they go on from where the recording stands (loops on the real clock share one), and is
shifted to start there otherwise (a new virtual clock starts at 0 again).

Limits: every task is the pure-Python one, a little slower, and a traceback through
tasks shows asyncio's own frames (tasks.py, futures.py), which C tasks do not show: a
twin that prints a traceback prints a longer one while recording. Not recorded: the
tasks asyncio.run makes to shut its loop down, tasks of a task factory the twin
installs itself, the `end` of a task still pending when its loop closes (it never
ends), the `at` of a task that a callback made (run_coroutine_threadsafe), and a name
set after creation (a task factory's, 3.11's TaskGroup.create_task(name=...)).
"""

import asyncio
import itertools
import json
import os
import sys
import threading
import weakref
from asyncio import tasks

_PyTask = tasks._PyTask

# The method that runs one step of the coroutine: 3.12 split it out of __step.
_POLL = "_Task__step"
if hasattr(_PyTask, "_Task__step_run_and_handle_result"):
    _POLL = "_Task__step_run_and_handle_result"

# Since 3.14 the pure-Python task keeps its own registry of current and live tasks,
# which asyncio.current_task() and all_tasks() (in C) no longer read: tell them too.
# (Written from 3.14's tasks.py and _asynciomodule.c; only 3.11 to 3.13 were run.)
_TELL_C = "_py_enter_task" in _PyTask._Task__step.__code__.co_names

_ASYNCIO = os.path.dirname(asyncio.__file__) + os.sep
_THIS_FILE = __file__
_HERE = os.path.dirname(os.path.abspath(__file__)) + os.sep
# The functions that make the task for the coroutine they are given: kind "main".
_MAKES_MAIN = {("base_events.py", "run_until_complete"), ("runners.py", "run")}

_lock = threading.Lock()  # one event at a time: whole lines, in order
_out = None
_lesson = None  # the lesson folder: the working directory, as the runner sets it
_numbers = itertools.count()
_hashes = itertools.count()
_offsets = weakref.WeakKeyDictionary()  # loop -> what to add to its loop.time()
_offset = None  # the offset of the loop seen last
_latest = 0.0  # the latest time recorded


def install(path):
    """Record every task of this process into the file at `path` (truncated first)."""
    global _out, _lesson
    _out = open(path, "w", encoding="utf-8")
    _lesson = os.getcwd() + os.sep
    tasks.Task = asyncio.Task = Task


class Task(_PyTask):
    _wb_number = None  # set at spawn; False for the tasks asyncio.run makes to close
    _wb_woken = False  # a wake recorded since the last poll

    def __init__(self, coro, **kwargs):
        self._wb_name = kwargs.get("name")
        self._wb_hash = next(_hashes)  # before super() puts the task in a WeakSet
        super().__init__(coro, **kwargs)
        if _TELL_C:
            tasks._register_task(self)
        _spawn(self)

    def __hash__(self):
        # Sets of tasks (all_tasks(), wait()'s done and pending) iterate in hash order.
        # By address, that order changes from run to run, and with it the order in
        # which a loop like `for t in all_tasks(): t.cancel()` wakes them.
        return self._wb_hash

    def _poll(self, *args):
        _spawn(self)  # not yet, if this is an eager start inside __init__
        _record(self, "poll_start")
        try:
            return getattr(super(), _POLL)(*args)
        finally:
            _record(self, "poll_end")
            if self.done():
                if self.cancelled():
                    how = "cancelled"
                # Not exception(): it would mark the exception as retrieved, and
                # silence asyncio's "Task exception was never retrieved".
                elif self._exception is not None:
                    how = "panicked"
                else:
                    how = "returned"
                _record(self, "end", how=how)
            elif self._fut_waiter is None:  # it is back in the ready queue
                _wake(self)

    def _Task__wakeup(self, future):
        _wake(self)
        return super()._Task__wakeup(future)

    if _TELL_C:

        def _Task__step(self, *args):
            tasks._enter_task(self._loop, self)
            try:
                return super()._Task__step(*args)
            finally:
                tasks._leave_task(self._loop, self)


setattr(Task, _POLL, Task._poll)
del Task._poll


def _spawn(task):
    if task._wb_number is not None:
        return
    at, main = _origin()
    with _lock:
        if task._wb_number is not None:
            return
        if at is False:
            task._wb_number = False
            return
        task._wb_number = next(_numbers)
        fields = {"kind": "main" if main else "task"}
        if at is not None:
            fields["at"] = at
        if task._wb_name is not None:
            fields["name"] = str(task._wb_name)
        _write(task, "spawn", fields)


def _origin():
    """Where the task being made comes from: (lesson file:line, made for main?).

    The place is None when no line of the lesson made the task (a callback did), and
    False for the tasks that asyncio.run (Runner.close) makes to shut the loop down:
    those are asyncio's, not the lesson's, and are not recorded.
    """
    main = False
    in_asyncio = True  # still in the frames of asyncio (and ours) above the new task
    frame = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        path = code.co_filename
        if path.startswith(_lesson) and not path.startswith(_HERE):
            at = os.path.relpath(path, _lesson).replace(os.sep, "/")
            return f"{at}:{frame.f_lineno}", main
        if in_asyncio:
            if not (path.startswith(_ASYNCIO) or path == _THIS_FILE):
                in_asyncio = False
            elif (os.path.basename(path), code.co_name) == ("runners.py", "close"):
                return False, False
            elif (os.path.basename(path), code.co_name) in _MAKES_MAIN:
                main = True
            elif code.co_name in ("_run", "_run_once"):
                in_asyncio = False  # a callback made it, not the run call below
        frame = frame.f_back
    return None, main


def _record(task, ev, **fields):
    if task._wb_number is False:
        return
    with _lock:
        if ev == "poll_start":
            task._wb_woken = False
        _write(task, ev, fields)


def _wake(task):
    _spawn(task)
    if task._wb_number is False:
        return
    with _lock:
        if not task._wb_woken:  # one wake per wait is enough
            task._wb_woken = True
            _write(task, "wake", {})


def _write(task, ev, fields):
    # Called with _lock held.
    line = {"t": _now(task._loop), "task": task._wb_number, "ev": ev, **fields}
    _out.write(json.dumps(line) + "\n")
    _out.flush()


def _now(loop):
    global _offset, _latest
    reading = loop.time()
    offset = _offsets.get(loop)
    if offset is None:
        if _offset is not None and reading + _offset >= _latest:
            offset = _offset  # this loop's clock goes on from the recording's
        else:
            offset = _latest - reading  # start this loop where the recording stands
        _offsets[loop] = _offset = offset
    t = round(reading + offset, 6)
    _latest = max(_latest, t)
    return t
