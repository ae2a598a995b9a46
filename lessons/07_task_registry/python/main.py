"""Lesson 07's Python twin: current_task, all_tasks and the methods of a Task."""

import asyncio


async def fetch(name, secs):
    # Stands in for a request that takes `secs` seconds.
    await asyncio.sleep(secs)
    return name, f"{secs}s of work"


async def whoami():
    return asyncio.current_task()


def yes_no(b):
    return "yes" if b else "no"


def others():
    # all_tasks() is every unfinished task of the loop, main included. (Older code
    # calls asyncio.Task.all_tasks(), which Python 3.9 removed: AttributeError.)
    return asyncio.all_tasks() - {asyncio.current_task()}


async def main():
    loop = asyncio.get_running_loop()

    print("-- current_task: which task am I? --")
    first = asyncio.create_task(whoami())
    second = asyncio.create_task(whoami())
    seen_by_first = await first
    seen_by_second = await second
    same = seen_by_first is first and seen_by_second is second
    print(f"seen from inside, each task is the one main spawned: {yes_no(same)}")
    print(f"two tasks, two ids: {yes_no(first is not second)}")
    # asyncio.run() wraps main() in a Task; tokio's block_on does not.
    print(f"main is a task: {yes_no(asyncio.current_task() is not None)}")

    print("-- all_tasks: keep your own JoinSet --")
    start = loop.time()
    tasks = [
        asyncio.create_task(fetch(name, secs), name=name)
        for name, secs in [("fetch-a", 3), ("fetch-b", 1), ("fetch-c", 2)]
    ]
    print(f"spawned {len(tasks)} tasks")
    print(f"the runtime counts {len(others())} alive")
    ready = [t for t in tasks if t.done()]
    print(f"finished without waiting: {'one' if ready else 'none'}")
    pending = set(tasks)
    while pending:
        done, pending = await asyncio.wait(
            pending, return_when=asyncio.FIRST_COMPLETED
        )
        for task in done:
            name, answer = task.result()
            at = loop.time() - start
            finished = f"{name} finished at {at:.1f}s -> '{answer}'"
            print(f"{finished}, {len(others())} still running")

    print("-- cancel them all --")
    start = loop.time()
    tasks = [
        asyncio.create_task(fetch(name, 10), name=name)
        for name in ["sleeper-1", "sleeper-2", "sleeper-3"]
    ]
    await asyncio.sleep(1)
    running = others()
    print(f"{len(running)} running at {loop.time() - start:.1f}s: cancel them all")
    for task in running:
        task.cancel()
    await asyncio.wait(running)
    cancelled = sorted(t.get_name() for t in running if t.cancelled())
    print(
        f"cancelled at {loop.time() - start:.1f}s: {', '.join(cancelled)},"
        f" {len(others())} running"
    )

    print("-- a task's methods --")
    start = loop.time()
    task = asyncio.create_task(fetch("fetch-d", 1))
    print(f"done? {yes_no(task.done())}")
    await asyncio.sleep(1.5)
    print(f"done? {yes_no(task.done())} at {loop.time() - start:.1f}s")
    # result() never waits: on a task still running it raises InvalidStateError.
    _, answer = task.result()
    print(f"result: '{answer}'")

    slow = asyncio.create_task(fetch("slow", 10))
    await asyncio.sleep(0.5)
    slow.cancel()
    await asyncio.wait([slow])  # let it process its CancelledError
    if slow.cancelled():
        print(f"cancelled? yes at {loop.time() - start:.1f}s")
    else:
        print(f"not cancelled: '{slow.result()[1]}'")


asyncio.run(main())
