"""Lesson 26's Python twin: 10 000 asyncio tasks, each yielding once and returning
its number, created, then gathered; the counts and the sum, and what a coroutine
and a task weigh in CPython."""

import asyncio
import sys

TASKS = 10_000


class Gauge:
    """Counts the tasks that started, that finished, and the most alive at once."""

    def __init__(self):
        self.started = self.finished = self.alive = self.peak = 0


async def job(i, gauge):
    gauge.started += 1
    gauge.alive += 1
    gauge.peak = max(gauge.peak, gauge.alive)
    await asyncio.sleep(0)  # a bare yield: the task goes back to the ready queue
    gauge.alive -= 1
    gauge.finished += 1
    return i


async def sizes():
    print("-- sizes --")
    coroutine = job(0, Gauge())
    task = asyncio.get_running_loop().create_task(coroutine)
    # getsizeof counts each object itself, not what it points to: the coroutine's
    # frame holds its locals, the task its callbacks and result. The exact numbers
    # change with Python's version; 3.11 says 216 and 192.
    weight = sys.getsizeof(coroutine) + sys.getsizeof(task)
    over = "yes" if weight > 300 else "no"
    print(f"a coroutine and its task: over 300 bytes: {over}")
    task.cancel()


async def main():
    await sizes()
    gauge = Gauge()
    tasks = [asyncio.create_task(job(i, gauge)) for i in range(TASKS)]
    total = sum(await asyncio.gather(*tasks))
    print("-- asyncio --")
    print(f"{TASKS} spawned, {gauge.started} started, {gauge.finished} finished, "
          f"sum {total}")
    print(f"at most {gauge.peak} started and not finished at once")


asyncio.run(main())
