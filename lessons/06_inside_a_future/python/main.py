"""Lesson 06's Python twin: coroutines driven by hand with send(None), as a Task
does, and a driver for one coroutine written by hand."""

import asyncio
import concurrent.futures
import queue
import threading
import time


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


def by_hand():
    # The second half needs no loop at all: our own driver steps a coroutine that
    # another thread answers three times.
    print("-- a block_on by hand --")
    total = block_on(fetch_all([10, 20, 30]))
    print(f"block_on returned {total}")
    # Countdown yields nothing to wait on: a bare yield asks to be stepped again.
    polls = block_on(count_down(2))
    print(f"block_on(Countdown) returned {polls}")


async def fetch_all(replies):
    return await Replies(replies)


async def count_down(left):
    return await Countdown(left)


def block_on(coro):
    """A whole driver for one coroutine: step it with send(None); while it waits,
    sleep until the future it waits on calls us back."""
    woken = threading.Event()
    while True:
        try:
            waiting_on = coro.send(None)  # one poll
        except StopIteration as done:  # Ready
            return done.value
        if waiting_on is None:
            # A bare yield: step it again at once, as a Task does with call_soon.
            continue
        # The coroutine yielded the future it waits on. Ask to be called back when it
        # is done (a Task adds its __wakeup the same way), then sleep until then.
        waiting_on.add_done_callback(lambda _: woken.set())
        woken.wait()
        woken.clear()


class Replies:
    """An awaitable that another thread answers: done with the sum once every reply
    has come. Each step prints what it finds, and whether it was woken since the
    previous step."""

    def __init__(self, replies):
        self.expected = len(replies)
        self.replies = []
        self.woken = False  # set with each reply, reset by the next step
        self.lock = threading.Lock()
        self.asks = queue.SimpleQueue()  # a future per reply we wait for
        threading.Thread(target=self.reply, args=(replies,)).start()

    def reply(self, replies):
        # The other thread: wait to be asked, take 0.25s, then reply and wake.
        for value in replies:
            waiting = self.asks.get()
            time.sleep(0.25)
            print(f"  other thread: reply {value}, wake the future")
            with self.lock:
                self.replies.append(value)
                self.woken = True
            waiting.set_result(value)  # runs the done-callbacks: the wake

    def __await__(self):
        polls = 0
        while True:
            polls += 1
            with self.lock:
                woken, self.woken = self.woken, False
                got = len(self.replies)
                total = sum(self.replies)
            why = "first poll" if polls == 1 else "woken" if woken else "not woken"
            done = got == self.expected
            answer = f"Ready({total})" if done else "Pending"
            print(f"poll #{polls}, {why}: {got} of {self.expected} replies, {answer}")
            if done:
                return total  # StopIteration(total) in the driver
            # A concurrent.futures.Future calls its done-callbacks in the thread that
            # sets its result, with no loop in between.
            waiting = concurrent.futures.Future()
            self.asks.put(waiting)
            yield waiting


asyncio.run(main())
by_hand()
