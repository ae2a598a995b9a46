"""Lesson 05's Python twin: create_task, a task's states, and say_after."""

import asyncio


async def main():
    loop = asyncio.get_running_loop()

    print("-- a spawned task starts on its own --")
    start = loop.time()
    task = asyncio.create_task(compute("task"))  # scheduled now, awaited or not
    print("spawned; main sleeps 1s")
    await asyncio.sleep(1)  # main waits here, so the task gets its turn
    print(f"main awake at {loop.time() - start:.1f}s; awaiting the handle")
    answer = await task  # the task is done already: task.result() would say 42 too
    print(f"result: {answer}")

    print("-- a plain future waits for its .await --")
    start = loop.time()
    coro = compute("future")  # a coroutine object: nothing runs
    print("built; main sleeps 1s")
    await asyncio.sleep(1)
    print(f"main awake at {loop.time() - start:.1f}s; awaiting the future")
    answer = await coro  # its body runs now, inside main's task
    print(f"result: {answer}")

    print("-- a task's states --")
    start = loop.time()
    task = asyncio.create_task(square(7))
    print(f"just spawned: {state(task)}")
    print(f"  {task}")  # the repr: state, name, coroutine and where it stands
    await asyncio.sleep(0.5)
    print(f"at {loop.time() - start:.1f}s: {state(task)}")
    await asyncio.sleep(1)
    print(f"at {loop.time() - start:.1f}s: {state(task)}")
    print(f"  {task}")  # finished, with its result
    print(f"outcome: {await outcome(task)}")

    print("-- a cancelled task, a failed task --")
    start = loop.time()
    task = asyncio.create_task(square(8))
    await asyncio.sleep(0.5)
    print(f"at {loop.time() - start:.1f}s: {state(task)}, cancelling it")
    task.cancel()  # CancelledError is raised inside square(8), at its await
    print(f"outcome: {await outcome(task)}")

    task = asyncio.create_task(broken(3))
    print(f"outcome: {await outcome(task)}")

    print("-- a task that can fail: two layers of Result --")
    for text in ["8080", "80a"]:
        try:
            print(f"{text} -> port {await port_in_task(text)}")
        except ValueError as e:
            print(f"{text} -> error: {e}")

    print("-- what a spawned task may hold --")
    # Any coroutine may use any object: Python has no Send or 'static to satisfy.
    finished = []

    async def finish(who, secs):
        await asyncio.sleep(secs)
        finished.append(who)

    jobs = [("slow", 2), ("quick", 1)]
    tasks = [asyncio.create_task(finish(w, s)) for w, s in jobs]
    for task in tasks:
        await task
    print(f"finished: {', '.join(finished)}")

    # Every asyncio task runs on the loop's thread, as a LocalSet's tasks do in Rust.
    words = ["stays", "on", "this", "thread"]

    async def count_words():
        await asyncio.sleep(0.5)
        return len(words)

    count = await asyncio.create_task(count_words())
    print(f"a task on this thread only: {count} words")

    print("-- say_after, awaited in turn --")
    start = loop.time()
    print(f"in turn: started at {loop.time() - start:.1f}s")
    said = [await say_after(1, "hello"), await say_after(2, "world")]
    print(f"in turn: said {', '.join(said)}")
    print(f"in turn: finished at {loop.time() - start:.1f}s")

    print("-- say_after, spawned first --")
    start = loop.time()
    print(f"as tasks: started at {loop.time() - start:.1f}s")
    world = asyncio.create_task(say_after(2, "world"))
    hello = asyncio.create_task(say_after(1, "hello"))
    said = [await world, await hello]
    print(f"as tasks: said {', '.join(said)}")
    print(f"as tasks: finished at {loop.time() - start:.1f}s")


async def compute(name):
    print(f"  {name}: running")
    return 42


async def square(n):
    print(f"  square({n}): started")
    await asyncio.sleep(1)
    print(f"  square({n}): returning {n * n}")
    return n * n


async def broken(step):
    print("  broken: started")
    if step == 3:
        raise RuntimeError(f"broken on purpose at step {step}")
    return step


async def parse_port(text):
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"not a port: {text}") from None


async def port_in_task(text):
    # One layer: awaiting the task raises its exception (or CancelledError) here.
    return await asyncio.create_task(parse_port(text))


def state(task):
    # asyncio has no public "running" state either: a started, suspended task is
    # pending.
    return "finished" if task.done() else "pending"


async def outcome(task):
    try:
        value = await task
    except asyncio.CancelledError:
        return "cancelled"
    except Exception as e:  # the exception the task raised, stored in it until now
        return f"failed: {e}"
    return f"done, result {value}"


async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)
    return what


asyncio.run(main())
