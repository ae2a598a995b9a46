"""Lesson 01's Python twin: five one-second waits, in turn and together."""

import asyncio


async def fetch(id):
    # Stands in for one network request.
    await asyncio.sleep(1)
    return id * 10


async def announce(name):
    print(f"  the {name} future runs")


async def main():
    loop = asyncio.get_running_loop()

    print("-- one after another --")
    start = loop.time()
    for id in range(1, 6):
        answer = await fetch(id)
        print(f"fetch {id} -> {answer} at {loop.time() - start:.1f}s")

    print("-- all at once --")
    start = loop.time()
    answers = await asyncio.gather(*(fetch(id) for id in range(1, 6)))
    print(f"answers {answers} at {loop.time() - start:.1f}s")

    print("-- futures are lazy --")
    never_awaited = announce("never awaited")
    print("created a future: nothing has run")
    # Python warns at run time (on stderr) when this coroutine is garbage collected:
    # "RuntimeWarning: coroutine 'announce' was never awaited". We close it to keep
    # the transcript quiet; Rust tells you at compile time instead.
    never_awaited.close()
    awaited = announce("awaited")
    print("created another future: nothing has run")
    await awaited
    print("done")


asyncio.run(main())
