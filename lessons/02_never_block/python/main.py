"""Lesson 02's Python twin: three 0.3 s waits, with asyncio.sleep and with time.sleep."""

import asyncio
import time

WORK = 0.3  # how long each task "works": a stand-in for waiting on the network
HEARTBEAT = 0.1  # when the heartbeat asks to run, counted from the start of its batch


async def async_work():
    # Suspends this coroutine; the loop runs the other tasks meanwhile.
    await asyncio.sleep(WORK)


async def blocking_work():
    # Never yields: the loop's one thread sleeps, and every other task waits too.
    time.sleep(WORK)


async def batch(label, work):
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def heartbeat():
        await asyncio.sleep(HEARTBEAT)
        print(f"heartbeat due at 0.1s, ran at {loop.time() - start:.1f}s")

    async def worker(id):
        print(f"task {id} starts at {loop.time() - start:.1f}s")
        await work()

    # Tasks start in the order they were created: the heartbeat first, then 1, 2, 3.
    tasks = [asyncio.create_task(heartbeat())]
    tasks += [asyncio.create_task(worker(id)) for id in range(1, 4)]
    await asyncio.gather(*tasks)
    print(f"{label} batch took {loop.time() - start:.1f}s")


async def main():
    print("-- three tasks wait 0.3s without blocking --")
    await batch("async", async_work)

    print("-- three tasks wait 0.3s by blocking the thread --")
    await batch("blocking", blocking_work)


asyncio.run(main())
