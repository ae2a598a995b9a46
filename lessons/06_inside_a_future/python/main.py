"""Lesson 06's Python twin: coroutines driven by hand with send(None), as a Task does."""

import asyncio


async def main():
    loop = asyncio.get_running_loop()

    print("-- a coroutine awaiting a coroutine --")
    start = loop.time()
    await print_sum(1, 2)
    print(f"done at {loop.time() - start:.1f}s")

    print("-- a future written by hand --")
    start = loop.time()
    polls = await Countdown(3)
    print(f"ready after {polls} polls, at {loop.time() - start:.1f}s")

    print("-- the same chain, poll by poll --")
    start = loop.time()
    # ensure_future wraps any awaitable in a Task, which drives Logged.__await__.
    await asyncio.ensure_future(Logged("print_sum", print_sum(1, 2)))
    print(f"done at {loop.time() - start:.1f}s")


async def print_sum(x, y):
    print(f"print_sum({x}, {y}): awaiting compute")
    result = await compute(x, y)  # runs inside the same Task: no new one
    print(f"{x} + {y} = {result}")


async def compute(x, y):
    print(f"  compute({x}, {y}): sleeping 1s")
    await asyncio.sleep(1)
    return x + y


class Countdown:
    """An awaitable written by hand. Its __await__ is a generator; the Task drives it
    with send(None), one step per "poll"."""

    def __init__(self, left):
        self.left = left
        self.polls = 0

    def __await__(self):
        while True:
            self.polls += 1
            if self.left == 0:
                print(f"  poll #{self.polls}: Ready")
                return self.polls  # raises StopIteration(self.polls) in the driver
            print(f"  poll #{self.polls}: Pending, {self.left} to go")
            self.left -= 1
            # A bare yield: the Task reschedules itself with call_soon and sends None
            # again on the loop's next turn. Rust's wake_by_ref + Pending.
            yield


class Logged:
    """Drives a coroutine by hand, as Task.__step does, and prints each step."""

    def __init__(self, name, coro):
        self.name = name
        self.coro = coro
        self.polls = 0
        self.born = asyncio.get_running_loop().time()

    def __await__(self):
        loop = asyncio.get_running_loop()
        while True:
            self.polls += 1
            at = loop.time() - self.born
            try:
                waiting_on = self.coro.send(None)  # one poll
            except StopIteration as done:  # the coroutine returned: Ready
                print(f"    poll #{self.polls} of {self.name} at {at:.1f}s: Ready")
                return done.value
            print(f"    poll #{self.polls} of {self.name} at {at:.1f}s: Pending")
            # Pass the future the coroutine waits on up to the Task, which adds a
            # done-callback to it and steps us again once it has a result.
            yield waiting_on


asyncio.run(main())
