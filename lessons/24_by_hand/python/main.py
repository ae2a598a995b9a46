"""Lesson 24's Python twin: the seed's hand-written Task and Loop, in plain Python
(no asyncio until the last part): a Future, a Task that steps a coroutine, and a
loop with a ready deque, a timer heap and a clock of its own."""

import asyncio
import heapq
import itertools
from collections import deque


class Future:
    """A result container: empty, then a result; done-callbacks run when it is set."""

    def __init__(self):
        self._done = False
        self._result = None
        self._callbacks = []

    def done(self):
        return self._done

    def result(self):
        return self._result

    def add_done_callback(self, fn):
        self._callbacks.append(fn)

    def remove_done_callback(self, fn):
        self._callbacks.remove(fn)

    def set_result(self, result):
        self._result, self._done = result, True
        # asyncio schedules each callback with call_soon; calling them here, and
        # having the task's callback schedule its step, is the same one trip
        # through the ready queue.
        callbacks, self._callbacks = self._callbacks, []
        for fn in callbacks:
            fn(self)

    def __await__(self):
        if not self._done:
            yield self  # to the Task: "wake me when this is done"
        return self._result


class Task(Future):
    """Drives a coroutine: each step sends it None until it yields a future to wait
    on; that future's done-callback schedules the next step."""

    def __init__(self, coro, loop, name):
        super().__init__()
        self._coro, self._loop, self.name = coro, loop, name
        loop.call_soon(self._step)

    def _step(self):
        print(f"  {self._loop.time():.1f}s poll {self.name}")
        try:
            waiting_on = self._coro.send(None)
        except StopIteration as stop:
            print(f"  {self._loop.time():.1f}s {self.name} done")
            self.set_result(stop.value)
        else:
            waiting_on.add_done_callback(self._wake)

    def _wake(self, _future):
        print(f"  {self._loop.time():.1f}s wake {self.name}")
        self._loop.call_soon(self._step)


class Loop:
    def __init__(self):
        self._ready = deque()
        self._scheduled = []  # a heap of (when, seq, callback): heapq is a min-heap
        self._seq = itertools.count()
        self._now = 0.0  # the loop's own clock: it jumps, it never sleeps
        self._stopping = False

    def time(self):
        return self._now

    def call_soon(self, callback):
        self._ready.append(callback)

    def call_later(self, delay, callback):
        when = self._now + delay
        heapq.heappush(self._scheduled, (when, next(self._seq), callback))

    def create_task(self, coro, name):
        return Task(coro, self, name)

    def run_until_complete(self, coro, name):
        task = Task(coro, self, name)
        stop = lambda _task: self.stop()
        task.add_done_callback(stop)
        self.run_forever()
        if not task.done():
            task.remove_done_callback(stop)
            return None
        return task.result()

    def run_forever(self):
        try:
            while True:
                if not self._run_once():
                    print(f"  {self.time():.1f}s nothing ready, no timer left: stuck")
                    break
                if self._stopping:
                    break
        finally:
            self._stopping = False

    def _run_once(self):
        if not self._ready:
            if not self._scheduled:
                return False
            # asyncio would block in select() until the next deadline: jump to it.
            self._now = max(self._now, self._scheduled[0][0])
        while self._scheduled and self._scheduled[0][0] <= self._now:
            _, _, callback = heapq.heappop(self._scheduled)
            self._ready.append(callback)
        for _ in range(len(self._ready)):
            self._ready.popleft()()
        return True

    def stop(self):
        self._stopping = True

    def close(self):
        self._ready.clear()
        self._scheduled.clear()


async def sleep(loop, delay):
    """asyncio.sleep: a future, and a timer that sets its result."""
    future = Future()

    def fire():
        print(f"  {loop.time():.1f}s timer fires")
        future.set_result(None)

    loop.call_later(delay, fire)
    await future


async def wait(tasks):
    """asyncio.wait(tasks), simply: await each task in turn."""
    return [await task for task in tasks]


async def foo(loop, delay):
    if delay:
        await sleep(loop, delay)
    print("Hello Foo")


async def bar(loop, delay):
    if delay:
        await sleep(loop, delay)
    print("Hello Bar")


def seed_program(foo_delay, bar_delay):
    loop = Loop()
    tasks = [
        loop.create_task(foo(loop, foo_delay), "foo"),
        loop.create_task(bar(loop, bar_delay), "bar"),
    ]
    if loop.run_until_complete(wait(tasks), "wait") is None:
        print("wait never finished")
    loop.close()


async def hello(name, delay):
    if delay:
        await asyncio.sleep(delay)
    print(f"Hello {name}")


async def on_asyncio():
    start = asyncio.get_running_loop().time()
    for foo_delay, bar_delay in [(2, 1), (0, 0)]:
        foo_task = asyncio.create_task(hello("Foo", foo_delay))
        bar_task = asyncio.create_task(hello("Bar", bar_delay))
        await asyncio.wait([foo_task, bar_task])
    print(f"done at {asyncio.get_running_loop().time() - start:.1f}s")


print("-- task.py: foo sleeps 2s, bar 1s, on the loop by hand --")
seed_program(2, 1)
print("-- loop.py: foo and bar do not wait --")
seed_program(0, 0)
print("-- both programs on the library's runtime: task.py, then loop.py --")
asyncio.run(on_asyncio())
