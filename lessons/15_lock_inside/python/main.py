"""Lesson 15's Python twin: a lock written by hand, as asyncio's Lock is written (a
flag and a deque of futures; release resolves the first), then asyncio.Lock itself."""

import asyncio
import collections


class Lock:
    # The waiters are futures, not wakers: resolving a future is what wakes the task
    # awaiting it (its done-callback schedules the task's next step).
    def __init__(self):
        self.locked = False
        self.waiters = collections.deque()

    async def acquire(self):
        # Free, and nobody waiting who is still interested: take it.
        if not self.locked and all(w.cancelled() for w in self.waiters):
            self.locked = True
            return
        fut = asyncio.get_running_loop().create_future()
        self.waiters.append(fut)
        try:
            try:
                await fut
            finally:
                self.waiters.remove(fut)
        except asyncio.CancelledError:
            # Woken, then cancelled before taking the lock: pass the turn on.
            if not self.locked:
                self.wake_first()
            raise
        self.locked = True

    def release(self):
        self.locked = False
        self.wake_first()

    def wake_first(self):
        if self.waiters and not self.waiters[0].done():
            self.waiters[0].set_result(None)

    async def __aenter__(self):
        await self.acquire()

    async def __aexit__(self, *exc):
        self.release()


async def greedy_tasks(lock):
    loop = asyncio.get_running_loop()
    start = loop.time()
    order = []
    holding = most = 0

    async def greedy(name):
        nonlocal holding, most
        for round_ in (1, 2):
            async with lock:
                print(f"{loop.time() - start:.1f}s {name} acquired (round {round_})")
                order.append(name)
                holding += 1
                most = max(most, holding)
                await asyncio.sleep(1)
                holding -= 1
            # Released, and at once (no await between) asks again.

    async def gives_up():
        try:
            await asyncio.wait_for(lock.acquire(), 0.5)
            what = "acquired"
        except TimeoutError:
            what = "gave up"
        print(f"{loop.time() - start:.1f}s d {what}")

    tasks = [
        asyncio.create_task(greedy("a")),
        asyncio.create_task(gives_up()),
        asyncio.create_task(greedy("b")),
        asyncio.create_task(greedy("c")),
    ]
    try:
        async with asyncio.timeout(60):
            await asyncio.gather(*tasks)
    except TimeoutError:
        print("stuck: a task still waits for the lock at 60.0s")
    print(f"order: {' '.join(order)}; at most {most} holder(s); "
          f"done at {loop.time() - start:.1f}s")


async def main():
    print("-- the hand-written lock --")
    await greedy_tasks(Lock())
    print("-- the library's lock --")
    await greedy_tasks(asyncio.Lock())


asyncio.run(main())
