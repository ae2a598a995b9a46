"""Lesson 18's Python twin: asyncio.Queue(maxsize) as flow control, a producer
parked while the queue is full, and put_nowait, which raises QueueFull."""

import asyncio

ITEMS = 5


async def produce(queue, start):
    loop = asyncio.get_running_loop()
    waited = 0.0
    for item in range(1, ITEMS + 1):
        if queue.full():
            now = loop.time() - start
            print(f"{now:.1f}s queue full: the producer waits to put {item}")
        before = loop.time()
        # put parks on a future in queue._putters until a get frees a slot.
        await queue.put(item)
        waited += loop.time() - before
        now = loop.time() - start
        print(f"{now:.1f}s put {item} ({queue.qsize()} queued)")
    now = loop.time() - start
    print(f"{now:.1f}s producer done, after waiting {waited:.1f}s; it hangs up")
    # Python 3.11's queue cannot be closed: a sentinel says "no more" (3.13 has
    # queue.shutdown()). The queue is full, so even this put waits for a slot.
    await queue.put(None)


async def consume(queue, start):
    loop = asyncio.get_running_loop()
    got = []
    while True:
        await asyncio.sleep(1)
        item = await queue.get()
        if item is None:
            break
        print(f"{loop.time() - start:.1f}s got {item}")
        got.append(item)
    now = loop.time() - start
    print(f"{now:.1f}s consumer: channel closed, got {got}")


async def flow_control():
    print("-- a queue of 2, a slow consumer --")
    start = asyncio.get_running_loop().time()
    queue = asyncio.Queue(maxsize=2)
    # The consumer task first runs when main awaits: the producer fills the
    # queue before the consumer takes anything.
    consumer = asyncio.create_task(consume(queue, start))
    await produce(queue, start)
    await consumer


async def without_waiting():
    print("-- without waiting: try_send, put_nowait --")
    queue = asyncio.Queue(maxsize=2)
    refused = []
    for item in range(1, ITEMS + 1):
        try:
            queue.put_nowait(item)
            print(f"{item}: queued")
        except asyncio.QueueFull:
            # The item was never taken: it is still in our variable.
            print(f"{item}: refused, the queue is full")
            refused.append(item)
    queued = []
    while not queue.empty():
        queued.append(queue.get_nowait())
    print(f"the queue held {queued}; handed back {refused}")


async def main():
    await flow_control()
    await without_waiting()


asyncio.run(main())
