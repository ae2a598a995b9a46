"""Lesson 10's Python twin: as_completed, the first to finish, wait_for with a
timeout, and gather(..., return_exceptions=True)."""

import asyncio


async def after(secs, value):
    # Stands in for a request that takes `secs` seconds and answers `value`.
    await asyncio.sleep(secs)
    return value


async def as_completed(loop):
    print("-- as they complete --")
    start = loop.time()
    specs = [("a", 3, 10), ("b", 1, 20), ("c", 2, 30)]
    jobs = [after(secs, (name, value)) for name, secs, value in specs]
    for next_done in asyncio.as_completed(jobs):
        name, value = await next_done
        print(f"{name} answered {value} at {loop.time() - start:.1f}s")


async def first_to_finish(loop):
    print("-- first to finish --")
    start = loop.time()
    fast = asyncio.create_task(after(1, "fast"))
    slow = asyncio.create_task(after(2, "slow"))
    done, pending = await asyncio.wait({fast, slow}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()  # Rust's select! drops the loser instead
    winner = done.pop().result()
    print(f"{winner} won at {loop.time() - start:.1f}s")


async def eternity():
    try:
        await asyncio.sleep(3600)
        print("an hour has passed")
    finally:
        # Runs however the coroutine ends, including a CancelledError from wait_for.
        print("  eternity cleans up")


async def time_limit(loop):
    print("-- a time limit --")
    start = loop.time()
    try:
        await asyncio.wait_for(eternity(), timeout=1.0)
        print("eternity finished")
    except TimeoutError:
        # wait_for cancelled eternity and waited for its `finally` before raising.
        print(f"timeout! at {loop.time() - start:.1f}s")

    start = loop.time()
    answer = await asyncio.wait_for(after(1, 42), timeout=2.0)
    print(f"answered {answer} within the limit at {loop.time() - start:.1f}s")


async def job(id):
    # Job `id` takes `id` seconds; the even ones fail.
    await asyncio.sleep(id)
    if id % 2 == 0:
        raise ConnectionError(f"connection lost after {id}s")
    return id * 10


async def collect_failures(loop):
    print("-- collect failures --")
    start = loop.time()
    jobs = (job(id) for id in range(1, 5))
    outcomes = await asyncio.gather(*jobs, return_exceptions=True)
    for id, outcome in enumerate(outcomes, start=1):
        if isinstance(outcome, Exception):
            print(f"job {id}: failed ({outcome})")
        else:
            print(f"job {id}: ok {outcome}")
    failed = [o for o in outcomes if isinstance(o, Exception)]
    ok = [o for o in outcomes if not isinstance(o, Exception)]
    print(f"{len(ok)} ok, {len(failed)} failed, all in at {loop.time() - start:.1f}s")

    start = loop.time()
    try:
        values = await asyncio.gather(*(job(id) for id in range(1, 5)))
        print(f"all ok: {values}")
    except ConnectionError as e:
        # The first exception comes straight through; the other jobs are not
        # cancelled (Rust's try_join_all drops them), they just go on unseen.
        print(f"stopped at the first failure: {e} at {loop.time() - start:.1f}s")


async def main():
    loop = asyncio.get_running_loop()
    await as_completed(loop)
    await first_to_finish(loop)
    await time_limit(loop)
    await collect_failures(loop)


asyncio.run(main())
