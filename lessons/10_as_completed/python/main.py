"""Lesson 10's Python twin: as_completed, the first to finish, wait_for and
asyncio.timeout, time limits on tasks, and gather(..., return_exceptions=True)."""

import asyncio


async def after(secs, value):
    # Stands in for a request that takes `secs` seconds and answers `value`.
    await asyncio.sleep(secs)
    return value


async def as_completed(loop):
    print("-- as they complete --")
    start = loop.time()
    specs = [("a", 2, 10), ("b", 1, 20), ("c", 3, 30)]
    jobs = [after(secs, (name, value)) for name, secs, value in specs]
    for done, next_done in enumerate(asyncio.as_completed(jobs), start=1):
        name, value = await next_done
        now, running = loop.time() - start, len(jobs) - done
        print(f"{name} answered {value} at {now:.1f}s, {running} still running")


async def first_to_finish(loop):
    print("-- first to finish --")
    start = loop.time()
    fast = asyncio.create_task(after(1, "fast"))
    slow = asyncio.create_task(after(2, "slow"))
    done, pending = await asyncio.wait({fast, slow},
                                       return_when=asyncio.FIRST_COMPLETED)
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

    await sequence_limit(loop)


async def sequence_limit(loop):
    # Python 3.11's asyncio.timeout(): one limit for a whole sequence of awaits.
    start = loop.time()
    steps = 0
    try:
        async with asyncio.timeout(2.5):
            for _ in range(3):
                await asyncio.sleep(1)
                steps += 1
        print(f"all {steps} steps within the limit at {loop.time() - start:.1f}s")
    except TimeoutError:
        print(f"timeout! at {loop.time() - start:.1f}s after {steps} of 3 steps")


async def report(n, start):
    # A task that takes a second to send report `n`.
    await asyncio.sleep(1)
    print(f"  report {n} sent at {asyncio.get_running_loop().time() - start:.1f}s")


async def spawned_time_limit(loop):
    print("-- a time limit on a spawned task --")
    # shield() keeps wait_for from cancelling the task: it runs on, unseen. This is
    # what Rust's timeout does to a JoinHandle.
    start = loop.time()
    task = asyncio.create_task(report(1, start))
    try:
        await asyncio.wait_for(asyncio.shield(task), 0.5)
    except TimeoutError:
        print(f"report 1: timeout! at {loop.time() - start:.1f}s")
    await asyncio.sleep(1)

    # wait_for cancels the task it gives up on, and waits until it is cancelled:
    # Rust's abort() followed by awaiting the handle.
    start = loop.time()
    task = asyncio.create_task(report(2, start))
    try:
        await asyncio.wait_for(task, 0.5)
    except TimeoutError:
        state = "cancelled" if task.cancelled() else "not cancelled"
        print(f"report 2: timeout! at {loop.time() - start:.1f}s, {state}")
    await asyncio.sleep(1)

    # asyncio.timeout() cancels the task awaiting inside it, and that cancellation
    # reaches the task it awaits: Rust's AbortOnDropHandle.
    start = loop.time()
    task = asyncio.create_task(report(3, start))
    try:
        async with asyncio.timeout(0.5):
            await task
    except TimeoutError:
        print(f"report 3: timeout! at {loop.time() - start:.1f}s")
    await asyncio.sleep(1)


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
    await spawned_time_limit(loop)
    await collect_failures(loop)


asyncio.run(main())
