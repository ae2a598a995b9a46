"""Lesson 11's Python twin: cancelling a task, a group, and a read in a loop."""

import asyncio
import subprocess
import sys


async def main():
    await drop_the_future()
    await abort_a_task()
    await ask_a_task()
    await cancel_a_group()
    await run_the_articles_version()

    print("-- 5. select! in a loop: not cancel safe --")
    chunks, sender = send_lines_in_chunks()
    await read_lines_lossy(chunks)
    await sender
    print("-- 6. select! in a loop: cancel safe --")
    chunks, sender = send_lines_in_chunks()
    await read_lines_safely(chunks)
    await sender


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
    # cancel() says whether it took: True, a CancelledError will be thrown into B.
    took = task.cancel()
    print(f"cancelling B at {at():.1f}s: cancel() returned {took}")
    try:
        await task
    except asyncio.CancelledError:
        print("awaiting B: cancelled")
    # False: B is done, there is nothing left to cancel. (Rust's abort() returns ().)
    print(f"cancel() on the finished B returned {task.cancel()}")


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
        # cancelled". Rust's abort() gives a task no such say. Use this sparingly:
        # TaskGroup and asyncio.timeout() are built on cancellation and can misbehave
        # when a coroutine swallows CancelledError (Task.uncancel() exists for them).
        print(f"{name}: cancelled after {chunks} chunks; saving them")
        await asyncio.sleep(0.1)
        return f"saved {chunks} chunks"


async def cancel_a_group():
    print("-- 4. cancel one group, let the other finish --")
    at = clock()
    group1 = asyncio.gather(fetch("g1-a", 1.5), fetch("g1-b", 2.0))
    # Tasks made by hand, to ask each one afterwards whether it was cancelled.
    tasks2 = [
        asyncio.create_task(fetch("g2-a", 2.5)),
        asyncio.create_task(fetch("g2-b", 3.0)),
    ]
    group2 = asyncio.gather(*tasks2)

    # Cancel group 2 at once, as the articles do, before its tasks have taken a
    # step: their coroutines never start, so g2-a and g2-b never print `start`.
    group2.cancel()
    print(f"cancelled group 2 at {at():.1f}s")

    # return_exceptions=True: group 2's CancelledError comes back as a value, in
    # group 2's place, instead of being raised here (see the articles' version below).
    results1, _ = await asyncio.gather(group1, group2, return_exceptions=True)
    print(f"group 1 results: {', '.join(results1)} at {at():.1f}s")
    cancelled = sum(task.cancelled() for task in tasks2)
    print(f"group 2: {cancelled} of 2 tasks cancelled")


# ---- Python only: section 4 as the articles write it, run as a script of its own


def the_articles_version():
    """Group 2 cancelled before the loop runs, then one gather over both groups."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # what the articles' get_event_loop() did
    group1 = asyncio.gather(fetch("g1-a", 1.5), fetch("g1-b", 2.0))
    group2 = asyncio.gather(fetch("g2-a", 2.5), fetch("g2-b", 3.0))
    group2.cancel()
    # Group 2 ends with CancelledError, so the outer gather fails with it, and
    # run_until_complete raises it: nothing here catches it, and the script dies.
    loop.run_until_complete(asyncio.gather(group1, group2))
    print("never printed")


async def run_the_articles_version():
    """Runs this file again, as `main.py --the-articles-version`; reports its end."""
    print("-- 4, the articles' version (Python only) --")
    # In a thread, so that the loop goes on meanwhile (and its timeline stays the same
    # on every run: asyncio's own pipe readers would be polled as the OS delivers).
    script = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, __file__, "--the-articles-version"],
        capture_output=True,
        text=True,
    )
    print(script.stdout, end="")
    last_line = script.stderr.splitlines()[-1]  # the traceback's last line
    print(f"the script died: exit code {script.returncode}, {last_line}")


# ---- end of the Python-only part ----


async def fetch(name, secs):
    print(f"{name}: start")
    await asyncio.sleep(secs)
    print(f"{name}: done after {secs:.1f}s")
    return name


# Three lines in chunks: a tick falls inside "hello" and "world", none inside "bye".
CHUNKS = [(0.5, "hel"), (1.2, "lo\n"), (1.5, "wor"), (2.2, "ld\n"),
          (2.4, "b"), (2.5, "y"), (2.7, "e\n")]


def send_lines_in_chunks():
    """Sends "hello\\n", "world\\n" and "bye\\n" in chunks, then None to hang up."""
    chunks = asyncio.Queue()

    async def send():
        at = clock()
        for when, chunk in CHUNKS:
            await asyncio.sleep(when - at())
            await chunks.put(chunk)
        await chunks.put(None)

    # Keep the task: the loop holds only a weak reference to it (lesson 05).
    return chunks, asyncio.create_task(send())


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


if sys.argv[1:] == ["--the-articles-version"]:
    the_articles_version()
else:
    asyncio.run(main())
