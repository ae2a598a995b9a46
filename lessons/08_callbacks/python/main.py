"""Lesson 08's Python twin: done callbacks, and functools.partial for extra
arguments."""

import asyncio
import functools


async def brew_report(secs):
    # Stands in for slow work.
    print(f"working for {secs}s")
    await asyncio.sleep(secs)
    return f"report ready in {secs}s"


async def fetch(url, secs):
    # Stands in for fetching a page.
    await asyncio.sleep(secs)
    return f"page {url}"


def callback(task):
    # The loop calls it with the finished task, whatever its outcome.
    if task.cancelled():
        print("callback: the task was cancelled")
    elif task.exception() is not None:
        print(f"callback: the task failed: {task.exception()}")
    else:
        print(f"callback: got '{task.result()}'")


def report(url, start, task):
    # partial(report, url, start) fills in the first two; the loop passes the task.
    at = asyncio.get_running_loop().time() - start
    print(f"callback for {url}: got '{task.result()}' at {at:.1f}s")


async def inspect(coro, f):
    # What Rust's FutureExt::inspect does, as a wrapper coroutine.
    result = await coro
    f(result)
    return result


async def map_result(coro, f):
    # What Rust's FutureExt::map does.
    return f(await coro)


def yes_no(b):
    return "yes" if b else "no"


async def main():
    loop = asyncio.get_running_loop()

    print("-- the usual way: the line after .await --")
    result = await brew_report(1)
    print(f"callback: got '{result}'")
    print(f"main: result is '{result}'")

    print("-- a channel: tasks report, one loop reacts --")
    start = loop.time()
    queue = asyncio.Queue()

    async def work_then_report(secs):
        await queue.put(await brew_report(secs))

    senders = [asyncio.create_task(work_then_report(secs)) for secs in [3, 1]]
    # A Queue cannot be closed before Python 3.13 (Queue.shutdown): count the
    # messages.
    for _ in senders:
        result = await queue.get()
        print(f"listener: got '{result}' at {loop.time() - start:.1f}s")
    print(f"listener: heard from all {len(senders)} tasks")

    print("-- inspect and map: callbacks that ride on the future --")
    start = loop.time()
    printer = lambda result: print(f"callback: got '{result}'")  # noqa: E731
    task = asyncio.create_task(map_result(inspect(brew_report(1), printer), len))
    length = await task
    print(f"main: result has {length} characters at {loop.time() - start:.1f}s")

    print("-- add_done_callback, by hand: a continuation task --")
    start = loop.time()
    task = asyncio.create_task(brew_report(2))
    print(f"  {task}")  # as the articles print it: pending, no callbacks yet
    task.add_done_callback(callback)
    print(f"  {task}")  # cb=[...]: the callbacks the task will call when done
    result = await task
    print(f"main: result is '{result}' at {loop.time() - start:.1f}s")
    print(f"  {task}")  # finished, with its result

    slow = asyncio.create_task(brew_report(10))
    slow.add_done_callback(callback)
    await asyncio.sleep(1)
    slow.cancel()
    await asyncio.wait([slow])
    cancelled = yes_no(slow.cancelled())
    print(f"main: cancelled? {cancelled} at {loop.time() - start:.1f}s")

    print("-- extra arguments: a closure instead of functools.partial --")
    start = loop.time()
    tasks = []
    for url, secs in [("/a", 3), ("/b", 1), ("/c", 2)]:
        task = asyncio.create_task(fetch(url, secs))
        task.add_done_callback(functools.partial(report, url, start))
        tasks.append(task)
    # Each task calls report before it wakes up this wait, which was added later.
    await asyncio.wait(tasks)
    print(f"main: {len(tasks)} callbacks done at {loop.time() - start:.1f}s")


asyncio.run(main())
