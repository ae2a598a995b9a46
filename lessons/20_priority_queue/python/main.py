"""Lesson 20's Python twin: a PriorityQueue and a LifoQueue between a producer and a
consumer, ended as the seed ends it: queue.join(), then the consumer is cancelled."""

import asyncio

NUMBERS = [6, 4, 22, 48, 9, 90, 40]


async def consume(queue, start):
    loop = asyncio.get_running_loop()
    while True:
        number = await queue.get()
        # Stands in for the seed's request for each number.
        await asyncio.sleep(0.1)
        print(f"{loop.time() - start:.1f}s consuming {number}")
        queue.task_done()


async def produce_and_consume(queue):
    start = asyncio.get_running_loop().time()
    # Created first, but it first runs when this coroutine waits: put() on an
    # unbounded queue never does, so every number is in before the first get().
    consumer = asyncio.create_task(consume(queue, start))
    for number in NUMBERS:
        print(f"producing {number}")
        await queue.put(number)
    await queue.join()
    consumer.cancel()


async def main():
    print("-- a priority queue: smallest first --")
    await produce_and_consume(asyncio.PriorityQueue())
    print("-- a LIFO queue: last in, first out --")
    await produce_and_consume(asyncio.LifoQueue())


asyncio.run(main())
