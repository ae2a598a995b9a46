"""Lesson 13's Python twin: one thread needs no lock, until an await comes between a
read and its write; on two threads, a threading.Lock."""

import asyncio
import threading

TIMES = 1_000_000
STEPS = 1_000


class Counter:
    # A mutable box the tasks share, as Rc<Cell<i64>> is in the Rust.
    def __init__(self):
        self.value = 0


async def count(name, delta, total):
    # No await in the loop: once the task starts, nothing else runs until it ends.
    before = total.value
    for _ in range(TIMES):
        total.value += delta
    print(f"{name}: total {before} -> {total.value}")


async def one_thread():
    print("-- one thread, no await in the loop --")
    total = Counter()
    add = asyncio.create_task(count("add", 1, total))
    subtract = asyncio.create_task(count("subtract", -1, total))
    await add
    await subtract
    print(f"total = {total.value}")


class Log:
    def __init__(self):
        self.entries = []

    async def write(self, entry):
        # Append, then let the other task run, as a real write would while it waits.
        self.entries.append(entry)
        await asyncio.sleep(0)


async def change_badly(delta, total, log):
    for _ in range(STEPS):
        seen = total.value
        await log.write(delta)  # the other task runs here
        total.value = seen + delta  # ...and this overwrites what it did


async def change(delta, total, log):
    for _ in range(STEPS):
        total.value += delta
        await log.write(delta)


async def run_both(what, step):
    total, log = Counter(), Log()
    add = asyncio.create_task(step(1, total, log))
    subtract = asyncio.create_task(step(-1, total, log))
    await add
    await subtract
    print(f"{what}: total = {total.value}, {len(log.entries)} log writes")


async def await_inside():
    print("-- one thread, an await in the loop --")
    await run_both("read, await, write", change_badly)
    await run_both("write, then await", change)


def count_locked(delta, total, lock):
    # On threads, `+=` is a read and a write that another thread may split: lock it.
    for _ in range(TIMES):
        with lock:
            total.value += delta


async def two_threads():
    print("-- two threads --")
    total, lock = Counter(), threading.Lock()
    await asyncio.gather(
        asyncio.to_thread(count_locked, 1, total, lock),
        asyncio.to_thread(count_locked, -1, total, lock),
    )
    print(f"total = {total.value}")


async def main():
    await one_thread()
    await await_inside()
    await two_threads()


asyncio.run(main())
