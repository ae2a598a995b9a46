"""Lesson 09's Python twin: asyncio.wait, gather's result order, gathers of gathers,
and three factorials taking turns."""

import asyncio


async def after(secs, value):
    # Stands in for a request that takes `secs` seconds and answers `value`.
    await asyncio.sleep(secs)
    return value


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
    # Since Python 3.11, asyncio.wait takes tasks, not bare coroutines.
    tasks = [asyncio.create_task(after(2, id)) for id in range(1, 11)]
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
        a, b, c = await asyncio.gather(after(1, 1), fail_after(2, "disk full"), after(3, 3))
        print(f"all three: {a}, {b}, {c}")
    except OSError as e:
        # gather raised the first exception, but unlike Rust's try_join! it did not
        # cancel the others: the 3-second one is still running, and finishes unseen.
        print(f"first error: {e} at {loop.time() - start:.1f}s")


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
        print(f"{loop.time() - start:.1f}s {name}: factorial({n}), multiplying by {i}")
        await asyncio.sleep(1)
        product *= i
    print(f"{loop.time() - start:.1f}s {name}: factorial({n}) = {product}")
    return product


async def factorials(loop):
    print("-- three factorials, taking turns --")
    start = loop.time()
    results = await asyncio.gather(
        factorial("A", 2, start),
        factorial("B", 3, start),
        factorial("C", 4, start),
    )
    print(f"results {results} at {loop.time() - start:.1f}s")


async def main():
    loop = asyncio.get_running_loop()
    await ten_tasks(loop)
    await in_argument_order(loop)
    await groups(loop)
    await factorials(loop)


asyncio.run(main())
