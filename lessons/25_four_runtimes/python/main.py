"""Lesson 25's Python twin: the same program on asyncio, the one runtime Python ships
(its loop, asyncio.sleep, an asyncio.Queue, an echo server on 127.0.0.1); then what
asyncio does with a task nobody keeps, with tasks left when asyncio.run ends, and
with a loop started inside a running one."""

import asyncio
import time

DELAYS = [0.060, 0.040, 0.020]  # job i sleeps DELAYS[i - 1]: the last finishes first
WORDS = b"four runtimes, one echo"


class Flight:
    """Counts the jobs running at once, and the most there ever were."""

    def __init__(self):
        self.now = 0
        self.max = 0


async def job(i, queue, flight):
    flight.now += 1
    flight.max = max(flight.max, flight.now)
    try:
        await asyncio.sleep(DELAYS[i - 1])
        queue.put_nowait(i * 10)
        return i * i
    finally:
        flight.now -= 1


async def echo():
    async def serve(reader, writer):
        while data := await reader.read(1024):
            writer.write(data)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(WORDS)
    echoed = await reader.readexactly(len(WORDS))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    return echoed.decode()


async def on_asyncio():
    start = time.monotonic()
    flight = Flight()
    queue = asyncio.Queue()
    jobs = [asyncio.create_task(job(i, queue, flight)) for i in (1, 2, 3)]
    results = [await j for j in jobs]
    took = time.monotonic() - start
    messages = [queue.get_nowait() for _ in range(queue.qsize())]
    print("-- asyncio --")
    print(f"tasks: results {results}, at most {flight.max} in flight")
    print(f"channel: {len(messages)} messages, sum {sum(messages)}")
    yes = "yes" if took >= DELAYS[0] else "no"
    print(f"timer: took at least {round(DELAYS[0] * 1000)}ms: {yes}")
    print(f'echo: "{await echo()}"')


async def waiter(go, done):
    # Waits for a go, then says it ran; done gets None if it was cancelled first.
    try:
        await go.get()
        done.put_nowait("ran (detached)")
    except asyncio.CancelledError:
        done.put_nowait("cancelled")
        raise


async def handle_dropped():
    print("-- a task whose handle is dropped --")
    go, done = asyncio.Queue(), asyncio.Queue()
    asyncio.create_task(waiter(go, done))  # no reference kept
    go.put_nowait(None)
    print(f"asyncio Task: {await done.get()}")


def loop_closed():
    print("-- a waiting task when its executor is dropped --")
    done = asyncio.Queue()

    async def leave_one_waiting():
        asyncio.create_task(waiter(asyncio.Queue(), done))
        await asyncio.sleep(0)  # it starts, and waits for a go that never comes

    asyncio.run(leave_one_waiting())  # asyncio.run cancels what is left
    print(f"asyncio.run: {done.get_nowait()}")


def nested():
    print("-- block_on inside a runtime --")

    async def outer():
        inner = asyncio.sleep(0)
        try:
            asyncio.run(inner)
            return "works"
        except RuntimeError as e:
            inner.close()
            return f"raises: {e}"

    print(f"asyncio: {asyncio.run(outer())}")


async def main():
    await on_asyncio()
    await handle_dropped()


asyncio.run(main())
loop_closed()
nested()
