"""Lesson 22's Python twin: the sum of squares below 10**7 in a coroutine, on a
thread pool and on a process pool, beside a ticker; the GIL; and what a process is
for: a crash or a runaway computation that must not take the program down."""

import asyncio
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

N = 10**7  # the articles' sum(i * i for i in range(10 ** 7))


def sum_of_squares(n):
    return sum(i * i for i in range(n))


async def beside_a_ticker(computation):
    # Runs the computation while a ticker task, due every 5 ms, counts its ticks.
    ticks = 0

    async def tick():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    ticker = asyncio.create_task(tick())
    total = await computation
    ticked = ticks > 0
    ticker.cancel()
    return total, ticked


def report(how, result):
    total, ticked = result
    ticker = "the ticker kept ticking" if ticked else "the ticker was stalled"
    print(f"{how}: {total}; {ticker}")


async def inline():
    # No await from start to end: the loop's thread computes, nothing else runs.
    return sum_of_squares(N)


async def main():
    print("-- the sum of squares below 10^7, beside a ticker due every 5 ms --")
    loop = asyncio.get_running_loop()
    report("inline in the task", await beside_a_ticker(inline()))
    # A thread: the loop runs meanwhile, but only when the computing thread lets
    # go of the GIL (every 5 ms, sys.getswitchinterval()).
    with ThreadPoolExecutor() as pool:
        on_a_thread = loop.run_in_executor(pool, sum_of_squares, N)
        report("on a thread pool", await beside_a_ticker(on_a_thread))
    # A process has its own interpreter and its own GIL: the articles' choice.
    with ProcessPoolExecutor() as pool:
        in_a_process = loop.run_in_executor(pool, sum_of_squares, N)
        report("on a CPU pool", await beside_a_ticker(in_a_process))

    await the_gil()

    print("-- what a process is still for --")
    await an_error_in_a_thread()
    await a_crash_in_a_process()
    await a_runaway_process()


def timed_sum(n):
    # The sum, and the CPU time this thread used for it.
    cpu = time.thread_time()
    sum_of_squares(n)
    return time.thread_time() - cpu


async def the_gil():
    # Two sums on two threads. Under the GIL only one thread runs Python code at a
    # time, so their CPU times add up to no more than the wall time, however
    # many cores are free. (A free-threaded build, 3.13t, can run them at once.)
    print("-- the GIL: two sums below 10^6 on two threads --")
    loop = asyncio.get_running_loop()
    wall = loop.time()
    with ThreadPoolExecutor(2) as pool:
        jobs = [loop.run_in_executor(pool, timed_sum, 10**6) for _ in range(2)]
        cpu = sum(await asyncio.gather(*jobs))
    wall = loop.time() - wall
    if cpu <= wall * 1.1:
        print("their CPU time fits in the wall time: one ran at a time")
    else:
        print("their CPU time exceeds the wall time: they ran at once")


def fail():
    raise ValueError("a bug in the computation")


async def an_error_in_a_thread():
    loop = asyncio.get_running_loop()
    try:
        await loop.run_in_executor(None, fail)
    except ValueError:
        print("an error in a thread: caught, the program goes on")


async def a_crash_in_a_process():
    # os.abort ends the worker process at once; the pool notices and is broken.
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(1) as pool:
        try:
            await loop.run_in_executor(pool, os.abort)
        except BrokenProcessPool:
            print("an abort in a child process: it died, the program goes on")


async def a_runaway_process():
    # This program again, told to spin forever; killed after 0.2s.
    child = await asyncio.create_subprocess_exec(
        sys.executable, os.path.abspath(__file__), "spin",
        stdin=asyncio.subprocess.DEVNULL)
    try:
        await asyncio.wait_for(child.wait(), 0.2)
    except TimeoutError:
        child.kill()
        await child.wait()
        print("a child process that never ends: killed, the program goes on")


def spin():
    while True:
        sum_of_squares(1000)


# The guard matters: a process pool that starts its workers with "spawn" or
# "forkserver" (the default on Linux since 3.14) imports this module in each.
if __name__ == "__main__":
    if sys.argv[1:] == ["spin"]:
        spin()
    else:
        asyncio.run(main())
