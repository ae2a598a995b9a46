"""Lesson 01's Python twin: five requests of different lengths, in turn and at
once."""

import asyncio
import contextlib
import sys

# The requests to make, in this order. Request `id` takes `id` tenths of a second,
# so they finish in a different order from the one they are sent in.
IDS = [4, 10, 2, 8, 6]


async def fetch(id):
    # Stands in for one network request: it waits, then answers id * 10.
    loop = asyncio.get_running_loop()
    begun = loop.time()
    await asyncio.sleep(id / 10)
    answer = id * 10
    print(f"  fetch {id} -> {answer} after {loop.time() - begun:.1f}s")
    return answer


async def announce(name):
    print(f"  the {name} future runs")


async def hello(i, start):
    asyncio.sleep(1)  # the bug: called, not awaited, so nothing waits
    print(f"hello {i} at {asyncio.get_running_loop().time() - start:.1f}s")


async def main():
    loop = asyncio.get_running_loop()

    print("-- one after another --")
    start = loop.time()
    answers = []
    for id in IDS:
        answers.append(await fetch(id))
    print(f"answers {answers} at {loop.time() - start:.1f}s")

    print("-- all at once --")
    start = loop.time()
    # gather returns the answers in the order of its arguments, not of completion.
    answers = await asyncio.gather(*(fetch(id) for id in IDS))
    print(f"answers {answers} at {loop.time() - start:.1f}s")

    print("-- futures are lazy --")
    never_awaited = announce("never awaited")
    print("created a future: nothing has run")
    # Closed here so that it warns nowhere; the next section shows the warning.
    never_awaited.close()
    awaited = announce("awaited")
    print("created another future: nothing has run")
    await awaited
    print("done")

    print("-- the classic bug: asyncio.sleep without await --")
    # Five hellos, meant to come one second apart. Python notices the coroutine that
    # `asyncio.sleep(1)` returned only when it is freed unawaited, and warns at run
    # time on stderr (once per line of code). stderr goes to stdout here, so that the
    # warning is part of the transcript the runner checks.
    start = loop.time()
    with contextlib.redirect_stderr(sys.stdout):
        for i in range(1, 6):
            await hello(i, start)


asyncio.run(main())
