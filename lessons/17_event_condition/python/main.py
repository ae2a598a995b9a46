"""Lesson 17's Python twin: asyncio.Event set by a timer, a wake-up that is not
stored, and asyncio.Condition with notify(1), notify(2) and notify_all()."""

import asyncio
from collections import deque

# How long any waiter waits before it gives up.
GIVE_UP = 3


def secs(start):
    return asyncio.get_running_loop().time() - start


async def report(waiters):
    # Waits for every waiter, then says when each went on, or that it gave up.
    outcomes = await asyncio.gather(*(task for _, task in waiters))
    for (name, _), (released, at) in zip(waiters, outcomes):
        if released:
            print(f"{name} went on at {at:.1f}s")
        else:
            print(f"{name} gave up at {at:.1f}s, still waiting")


async def waiter(name, event, start, after=0):
    await asyncio.sleep(after)
    print(f"{secs(start):.1f}s {name} waits for the event")
    try:
        async with asyncio.timeout(GIVE_UP):
            await event.wait()
        return True, secs(start)
    except TimeoutError:
        return False, secs(start)


def set_event(event, start):
    print(f"{secs(start):.1f}s the timer sets the event")
    event.set()


async def an_event():
    print("-- an event, set by a timer --")
    loop = asyncio.get_running_loop()
    start = loop.time()
    event = asyncio.Event()
    print(f"event set? {str(event.is_set()).lower()}")
    loop.call_later(0.1, set_event, event, start)
    e1 = asyncio.create_task(waiter("e1", event, start))
    e2 = asyncio.create_task(waiter("e2", event, start))
    e3 = asyncio.create_task(waiter("e3", event, start, after=0.2))
    await report([("e1", e1), ("e2", e2), ("e3", e3)])
    print(f"event set? {str(event.is_set()).lower()}")


# asyncio has no Notify. Its nearest relatives show the same two behaviours:
# notify_all() on a Condition wakes only the tasks waiting at that moment, as
# notify_waiters() does; a release() on a Semaphore(0) with nobody waiting is
# kept for the next acquire(), as notify_one() keeps a permit (tokio keeps at
# most one; a semaphore would count every release).
async def wait_condition(name, cond, after, start):
    await asyncio.sleep(after)
    print(f"{secs(start):.1f}s {name} waits")
    try:
        async with asyncio.timeout(GIVE_UP):
            async with cond:
                await cond.wait()
        return True, secs(start)
    except TimeoutError:
        return False, secs(start)


async def acquire_permit(name, sem, after, start):
    await asyncio.sleep(after)
    print(f"{secs(start):.1f}s {name} waits")
    try:
        async with asyncio.timeout(GIVE_UP):
            await sem.acquire()
        return True, secs(start)
    except TimeoutError:
        return False, secs(start)


async def no_stored_wake_up():
    print("-- Notify: notify_waiters stores nothing --")
    loop = asyncio.get_running_loop()
    start = loop.time()
    cond = asyncio.Condition()
    n1 = asyncio.create_task(wait_condition("n1", cond, 0, start))
    n2 = asyncio.create_task(wait_condition("n2", cond, 0.2, start))
    await asyncio.sleep(0.1)
    print(f"{secs(start):.1f}s wake all who wait (notify_waiters)")
    async with cond:
        cond.notify_all()
    await report([("n1", n1), ("n2", n2)])

    print("-- Notify: notify_one stores one permit --")
    start = loop.time()
    print(f"{secs(start):.1f}s wake one, with nobody waiting (notify_one)")
    sem = asyncio.Semaphore(0)
    sem.release()
    n3 = asyncio.create_task(acquire_permit("n3", sem, 0.1, start))
    n4 = asyncio.create_task(acquire_permit("n4", sem, 0.2, start))
    await report([("n3", n3), ("n4", n4)])


async def consumer(name, cond, stock, after, start):
    await asyncio.sleep(after)
    print(f"{secs(start):.1f}s {name} waits for an item")
    checks = []

    def ready():
        # wait_for calls it before the first wait and again after every wake-up:
        # a wake-up that finds the stock empty (another waiter was first) says so.
        now = secs(start)
        if checks and checks[-1] < now and not stock:
            print(f"{now:.1f}s {name} woke, but the stock is empty: waits again")
        checks.append(now)
        return bool(stock)

    try:
        async with asyncio.timeout(GIVE_UP):
            async with cond:
                await cond.wait_for(ready)
                print(f"{secs(start):.1f}s {name} takes item {stock.popleft()}")
    except TimeoutError:
        print(f"{secs(start):.1f}s {name} gave up, still waiting")


async def notify_one_then_two(cond, stock, start):
    await asyncio.sleep(2)
    for items in [[1], [2, 3]]:
        async with cond:
            stock.extend(items)
            n = len(items)
            print(f"{secs(start):.1f}s producer: {items} in, notify({n})")
            cond.notify(n)
        await asyncio.sleep(0.1)


async def notify_all(cond, stock, start):
    await asyncio.sleep(2)
    async with cond:
        stock.extend([4, 5])
        print(f"{secs(start):.1f}s producer: [4, 5] in, notify_all()")
        cond.notify_all()
    await asyncio.sleep(0.1)
    async with cond:
        stock.append(6)
        print(f"{secs(start):.1f}s producer: [6] in, notify(1)")
        cond.notify(1)


async def condition_round(title, cond, stock, producer):
    print(f"-- a condition: {title} --")
    start = asyncio.get_running_loop().time()
    producing = asyncio.create_task(producer(cond, stock, start))
    consumers = []
    for name, after in [("c1", 0), ("c2", 0.5), ("c3", 1)]:
        consuming = asyncio.create_task(consumer(name, cond, stock, after, start))
        consumers.append(consuming)
    await asyncio.gather(*consumers)
    await producing


async def main():
    await an_event()
    await no_stored_wake_up()
    cond = asyncio.Condition()
    stock = deque()
    await condition_round(
        "notify(1), then notify(2)", cond, stock, notify_one_then_two
    )
    await condition_round("notify_all", cond, stock, notify_all)


asyncio.run(main())
