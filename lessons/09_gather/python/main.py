"""Lesson 09's Python twin: asyncio.wait, gather's result order, a TaskGroup, gathers
of gathers, and three factorials taking turns."""

import asyncio


async def after(secs, value):
    # Stands in for a request that takes `secs` seconds and answers `value`.
    await asyncio.sleep(secs)
    return value


async def fetch(start):
    # The articles' request: it says when it starts and when it ends, 2 seconds later.
    # (Which of ten equal timers fires first is the loop's business, so no ids.)
    loop = asyncio.get_running_loop()
    print(f"  request starts at {loop.time() - start:.1f}s")
    await asyncio.sleep(2)
    print(f"  request ends at {loop.time() - start:.1f}s")


async def job(name, secs, start):
    # A job that says when it finishes and answers with its own name.
    await asyncio.sleep(secs)
    print(f"  {name} finished at {asyncio.get_running_loop().time() - start:.1f}s")
    return name


async def fail_after(secs, message):
    await asyncio.sleep(secs)
    raise OSError(message)


async def ten_tasks(loop):
    print("-- ten tasks --")
    start = loop.time()
    # Since Python 3.11, asyncio.wait takes tasks: bare coroutines are a TypeError.
    tasks = [asyncio.create_task(fetch(start)) for _ in range(10)]
    done, pending = await asyncio.wait(tasks)
    print(f"{len(done)} tasks of 2s each: {loop.time() - start:.1f}s total")


async def in_argument_order(loop):
    print("-- results in argument order --")
    start = loop.time()
    jobs = [job(name, secs, start) for name, secs in [("a", 3), ("b", 1), ("c", 2)]]
    names = await asyncio.gather(*jobs)
    print(f"results: {', '.join(names)} at {loop.time() - start:.1f}s")

    start = loop.time()
    name, age = await asyncio.gather(after(2, "ada"), after(1, 36))
    print(f"{name} is {age}, both at {loop.time() - start:.1f}s")

    start = loop.time()
    try:
        jobs = [after(1, 1), fail_after(2, "disk full"), after(3, 3)]
        a, b, c = await asyncio.gather(*jobs)
        print(f"all three: {a}, {b}, {c}")
    except OSError as e:
        # gather raised the first exception, but unlike Rust's try_join! it did not
        # cancel the others: the 3-second one is still running, and finishes unseen.
        print(f"first error: {e} at {loop.time() - start:.1f}s")


async def task_group(loop):
    print("-- a task group --")
    start = loop.time()
    # Python 3.11's structured form: the first failure cancels the other tasks, and
    # the group raises every failure together, in an ExceptionGroup.
    errors = []
    try:
        async with asyncio.TaskGroup() as tg:
            tasks = [
                tg.create_task(after(1, 1)),
                tg.create_task(fail_after(2, "disk full")),
                tg.create_task(after(3, 3)),
            ]
    except* OSError as group:
        errors = [str(e) for e in group.exceptions]
    cancelled = sum(task.cancelled() for task in tasks)
    ok = sum(not task.cancelled() and task.exception() is None for task in tasks)
    print(f"{ok} ok, {cancelled} cancelled, errors: {', '.join(errors)} "
          f"at {loop.time() - start:.1f}s")


async def groups(loop):
    print("-- groups --")
    start = loop.time()
    group1 = [after(1, n) for n in range(1, 3)]
    group2 = [after(2, n) for n in range(3, 6)]
    flat = await asyncio.gather(*group1, *group2)
    print(f"flat: {flat} at {loop.time() - start:.1f}s")

    start = loop.time()
    group1 = asyncio.gather(*(after(1, n) for n in range(1, 3)))
    group2 = asyncio.gather(*(after(2, n) for n in range(3, 6)))
    first, second = await asyncio.gather(group1, group2)
    print(f"grouped: {first} and {second} at {loop.time() - start:.1f}s")


async def factorial(name, n, start):
    loop = asyncio.get_running_loop()
    product = 1
    for i in range(2, n + 1):
        now = loop.time() - start
        print(f"{now:.1f}s {name}: factorial({n}), multiplying by {i}")
        await asyncio.sleep(1)
        product *= i
    print(f"{loop.time() - start:.1f}s {name}: factorial({n}) = {product}")
    return product


async def factorials(loop):
    print("-- three factorials, taking turns --")
    start = loop.time()
    results = await asyncio.gather(
        factorial("A", 4, start),
        factorial("B", 2, start),
        factorial("C", 3, start),
    )
    print(f"results {results} at {loop.time() - start:.1f}s")


async def main():
    loop = asyncio.get_running_loop()
    await ten_tasks(loop)
    await in_argument_order(loop)
    await task_group(loop)
    await groups(loop)
    await factorials(loop)


asyncio.run(main())
