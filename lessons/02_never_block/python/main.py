"""Lesson 02's Python twin: three 0.2 s waits, with asyncio.sleep and time.sleep."""

import asyncio
import time

WORK = 0.2  # how long each task "works": a stand-in for waiting on the network
HEARTBEAT = 0.1  # when the heartbeat asks to run, counted from the start of its batch
TASKS = 3  # how many worker tasks a batch has


async def async_work():
    # Suspends this coroutine; the loop runs the other tasks meanwhile.
    await asyncio.sleep(WORK)


async def blocking_work():
    # Never yields: the loop's one thread sleeps, and every other task waits too.
    time.sleep(WORK)


async def batch(label, work):
    loop = asyncio.get_running_loop()
    waits_done = 0  # how many waits of this batch are over
    start = loop.time()

    async def heartbeat():
        await asyncio.sleep(HEARTBEAT)
        print(f"heartbeat due at 0.1s runs: {waits_done} of {TASKS} waits done")

    async def worker(id):
        nonlocal waits_done
        print(f"task {id} starts: {waits_done} of {TASKS} waits done")
        await work()
        waits_done += 1

    # Tasks start in the order they were created: the heartbeat first, then 1, 2, 3.
    tasks = [asyncio.create_task(heartbeat())]
    tasks += [asyncio.create_task(worker(id)) for id in range(1, TASKS + 1)]
    await asyncio.gather(*tasks)

    # Compared with the sum of the waits, not printed: a busy machine only adds delay.
    total = WORK * TASKS
    took = "less than" if loop.time() - start < total else "at least"
    print(f"{label} batch took {took} the {total:.1f}s its waits add up to")


async def main():
    print("-- three tasks wait 0.2s without blocking --")
    await batch("async", async_work)

    print("-- three tasks wait 0.2s by blocking the thread --")
    await batch("blocking", blocking_work)


asyncio.run(main())
