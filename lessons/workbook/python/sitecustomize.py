"""The Python twins' virtual clock (see the book's "How lessons keep time"), and their
timelines.

The runner puts this folder on PYTHONPATH when it verifies a lesson whose metadata say
clock = "virtual". Python imports `sitecustomize` at start-up, so every event loop the
twin creates (asyncio.run, asyncio.Runner, new_event_loop) gets a clock that jumps to
the next timer instead of sleeping. Twins themselves stay plain asyncio: they measure
time with loop.time(), which this clock drives.

It replaces the function `asyncio.new_event_loop`, which `asyncio.run` and
`asyncio.Runner` call (runners.py, `Runner._lazy_init`), rather than installing an
event loop policy: the policy system is deprecated since Python 3.14 and goes in 3.16.

When WORKBOOK_TIMELINE names a file, the twin also records its timeline there: see
workbook_timeline.py. That module is imported only then, with either clock.
"""

import asyncio
import os

if os.environ.get("WORKBOOK_CLOCK") == "virtual":

    class _VirtualClockLoop(asyncio.SelectorEventLoop):
        def __init__(self):
            super().__init__()
            self._virtual_now = 0.0
            real_select = self._selector.select

            def select(timeout=None):
                # Poll without blocking. If nothing is ready and the loop only waits
                # for a timer, move the clock to that timer instead of sleeping.
                events = real_select(0)
                if events or timeout == 0:
                    return events
                if timeout is None:  # waiting for I/O or another thread: really wait
                    return real_select(None)
                self._virtual_now += timeout
                return events

            self._selector.select = select

        def time(self):
            return self._virtual_now

    def _new_virtual_clock_loop():
        return _VirtualClockLoop()

    # `asyncio.new_event_loop` is `asyncio.events.new_event_loop`, re-exported: the
    # runners look it up in `events`, the twins in `asyncio`.
    asyncio.events.new_event_loop = _new_virtual_clock_loop
    asyncio.new_event_loop = _new_virtual_clock_loop

if os.environ.get("WORKBOOK_TIMELINE"):
    import workbook_timeline

    # Taken out of the environment, so that a Python the twin starts (lesson 11 runs
    # its own file again) does not write into the same file.
    workbook_timeline.install(os.environ.pop("WORKBOOK_TIMELINE"))
