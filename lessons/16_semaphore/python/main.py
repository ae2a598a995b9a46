"""Lesson 16's Python twin: asyncio.Semaphore(3) around twelve fetches, what a
permit is, and a permit held too long."""

import asyncio

# How long each fetch takes, in seconds: all different, so no two end together.
TAKES = [0.4, 0.8, 0.6, 1.0, 1.4, 0.3, 1.2, 1.3, 0.9, 0.7, 0.5, 1.1]


class Flight:
    # How many fetches run now, the most that ever ran at once, and the clock.
    def __init__(self):
        self.now = 0
        self.max = 0
        self.start = asyncio.get_running_loop().time()

    def elapsed(self):
        return asyncio.get_running_loop().time() - self.start


async def fetch(n, flight):
    # Stands in for an HTTP request that echoes n.
    flight.now += 1
    flight.max = max(flight.max, flight.now)
    print(f"{flight.elapsed():.1f}s fetch({n}) starts, {flight.now} in flight")
    await asyncio.sleep(TAKES[n - 1])
    flight.now -= 1
    print(f"{flight.elapsed():.1f}s fetch({n}) = {n}")
    return n


async def limited(sem, n, flight):
    # The permit is held for exactly the block: `async with` releases it on exit.
    async with sem:
        return await fetch(n, flight)


async def twelve_fetches():
    print("-- twelve fetches, at most three at a time --")
    flight = Flight()
    sem = asyncio.Semaphore(3)
    # All twelve tasks exist at once; nine of them wait inside `acquire`.
    fetches = [asyncio.create_task(limited(sem, n, flight)) for n in range(1, 13)]
    results = await asyncio.gather(*fetches)
    print(f"results in argument order: {results}")
    print(f"at most {flight.max} in flight, all done at {flight.elapsed():.1f}s")


async def permits_are_guards():
    print("-- a permit is a guard --")
    sem = asyncio.Semaphore(3)
    # asyncio has no public count of free permits (locked() only says whether it
    # is zero): _value is the counter itself, read here to print what Rust prints.
    print(f"{sem._value} permits free")
    await sem.acquire()
    print(f"holding one: {sem._value} free")
    sem.release()
    print(f"dropped: {sem._value} free")
    # Rust's forget(): acquire, and never release.
    await sem.acquire()
    print(f"forgotten: {sem._value} free, for good")
    # Rust's add_permits(1): a plain Semaphore lets release() go above the start
    # value (a BoundedSemaphore raises ValueError instead).
    sem.release()
    print(f"add_permits(1): {sem._value} free")


async def job(sem, release_early):
    if release_early:
        async with sem:
            await asyncio.sleep(1)  # download
        await asyncio.sleep(1)  # save, with the permit back
    else:
        async with sem:
            await asyncio.sleep(1)  # download
            await asyncio.sleep(1)  # save, still holding the permit


async def held_too_long():
    print("-- a permit held too long --")
    loop = asyncio.get_running_loop()
    for release_early in [False, True]:
        start = loop.time()
        sem = asyncio.Semaphore(2)
        jobs = [asyncio.create_task(job(sem, release_early)) for _ in range(4)]
        await asyncio.gather(*jobs)
        if release_early:
            how = "dropped after the download"
        else:
            how = "held through the save"
        print(f"{how}: 4 jobs in {loop.time() - start:.1f}s")


async def main():
    await twelve_fetches()
    await permits_are_guards()
    await held_too_long()


asyncio.run(main())
