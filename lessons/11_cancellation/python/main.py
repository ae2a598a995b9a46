"""Lesson 11's Python twin: cancelling a task, a group, and a read in a loop."""

import asyncio


async def main():
    await drop_the_future()
    await abort_a_task()
    await ask_a_task()
    await cancel_a_group()

    print("-- 5. select! in a loop: not cancel safe --")
    await read_lines_lossy(send_hello_in_two_chunks())
    print("-- 6. select! in a loop: cancel safe --")
    await read_lines_safely(send_hello_in_two_chunks())


def clock():
    """A function giving the seconds since it was made, on the loop's clock."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    return lambda: loop.time() - start


async def download(name):
    try:
        print(f"{name}: started")
        await asyncio.sleep(3)
        print(f"{name}: finished")
    finally:
        # CancelledError is raised at the await above, so finally blocks run.
        print(f"{name}: cleanup runs")


async def drop_the_future():
    print("-- 1. drop the future --")
    at = clock()
    # There is no "drop" in asyncio: wait_for cancels the coroutine (CancelledError
    # at its await), waits for its cleanup, then raises TimeoutError here.
    try:
        await asyncio.wait_for(download("A"), timeout=1)
    except TimeoutError:
        print(f"gave up on A at {at():.1f}s")


async def abort_a_task():
    print("-- 2. abort a spawned task --")
    at = clock()
    task = asyncio.create_task(download("B"))
    await asyncio.sleep(1)
    print(f"aborting B at {at():.1f}s")
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("awaiting B: cancelled")


async def ask_a_task():
    print("-- 3. ask a task to stop: CancellationToken --")
    at = clock()
    task = asyncio.create_task(worker("C"))
    await asyncio.sleep(1)
    print(f"cancelling C at {at():.1f}s")
    task.cancel()
    report = await task  # C caught the CancelledError and returned normally
    print(f'C returned "{report}" at {at():.1f}s')


async def worker(name):
    print(f"{name}: started")
    chunks = 0
    try:
        while True:
            await asyncio.sleep(0.4)
            chunks += 1
    except asyncio.CancelledError:
        # Catching it is allowed: the task may clean up (and await while doing so),
        # then return a value instead of re-raising, which means "I refuse to be
        # cancelled". Rust's abort() gives a task no such say.
        print(f"{name}: cancelled after {chunks} chunks; saving them")
        await asyncio.sleep(0.1)
        return f"saved {chunks} chunks"


async def cancel_a_group():
    print("-- 4. cancel one group, let the other finish --")
    at = clock()
    group1 = asyncio.gather(fetch("g1-a", 1.5), fetch("g1-b", 2.0))
    # Tasks made by hand, to ask each one afterwards whether it was cancelled.
    tasks2 = [asyncio.create_task(fetch("g2-a", 2.5)), asyncio.create_task(fetch("g2-b", 3.0))]
    group2 = asyncio.gather(*tasks2)

    await asyncio.sleep(1)
    group2.cancel()
    print(f"cancelled group 2 at {at():.1f}s")

    # Awaiting both groups together raises at once: group 2 ended with CancelledError,
    # and gather passes it on. Group 1 keeps running, with nobody awaiting it. (This is
    # the line Rust's transcript does not have: see the page.)
    try:
        await asyncio.gather(group1, group2)
    except asyncio.CancelledError:
        print(f"awaiting both groups raised CancelledError at {at():.1f}s")
    # Group 1's results are still there for whoever awaits it.
    results1 = await group1
    print(f"group 1 results: {', '.join(results1)} at {at():.1f}s")
    cancelled = sum(task.cancelled() for task in tasks2)
    print(f"group 2: {cancelled} of 2 tasks cancelled")


async def fetch(name, secs):
    print(f"{name}: start")
    await asyncio.sleep(secs)
    print(f"{name}: done after {secs:.1f}s")
    return name


def send_hello_in_two_chunks():
    """Sends "hello\\n" in two chunks, at 0.5 s and 1.5 s, then None to hang up."""
    chunks = asyncio.Queue()

    async def send():
        await asyncio.sleep(0.5)
        await chunks.put("hel")
        await asyncio.sleep(1.0)
        await chunks.put("lo\n")
        await chunks.put(None)

    asyncio.get_running_loop().create_task(send())
    return chunks


async def read_lines_lossy(chunks):
    at = clock()
    next_tick = 1.0
    while True:
        # wait_for cancels read_line when the tick comes first, and the partial
        # line inside it is gone: the same trap as select!.
        try:
            line = await asyncio.wait_for(read_line(chunks), timeout=next_tick - at())
        except TimeoutError:
            print(f"lossy loop: tick at {at():.1f}s")
            next_tick += 1.0
            continue
        if line is None:
            break
        print(f'lossy loop: got "{line}" at {at():.1f}s')


async def read_line(chunks):
    line = ""
    while (chunk := await chunks.get()) is not None:
        line += chunk
        if line.endswith("\n"):
            return line[:-1]
    return None


async def read_lines_safely(chunks):
    at = clock()
    next_tick = 1.0
    line = ""  # survives every timeout
    while True:
        # Queue.get is safe to cancel: an item is only taken when get returns.
        try:
            chunk = await asyncio.wait_for(chunks.get(), timeout=next_tick - at())
        except TimeoutError:
            print(f"safe loop: tick at {at():.1f}s")
            next_tick += 1.0
            continue
        if chunk is None:
            break
        line += chunk
        if line.endswith("\n"):
            print(f'safe loop: got "{line[:-1]}" at {at():.1f}s')
            line = ""


asyncio.run(main())
