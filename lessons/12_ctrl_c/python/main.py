"""Lesson 12's Python twin: wait for Ctrl+C, cancel every worker, wait for their cleanup."""

import asyncio
import signal


async def main():
    workers = [asyncio.create_task(worker(id)) for id in range(1, 4)]
    print(f"spawned {len(workers)} workers")

    # Turn SIGINT into an event we can await, as tokio's `signal` does. This replaces
    # asyncio.run's own SIGINT handler (which would cancel main, and raise
    # KeyboardInterrupt if main let that CancelledError out). The handler is installed
    # when this call returns.
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGINT, stop.set)
    print("running; press Ctrl+C to stop")
    await stop.wait()
    print("Ctrl+C received: shutting down")

    for task in workers:
        task.cancel()  # raises CancelledError inside each worker, at its await
    # Each worker catches it, cleans up and returns its report; gather waits for all.
    for report in await asyncio.gather(*workers):
        print(report)
    print("all workers stopped; exiting")


async def worker(id):
    try:
        while True:
            await asyncio.sleep(0.1)  # one unit of work
    except asyncio.CancelledError:
        await asyncio.sleep(0.2)  # cleanup that awaits
        return f"worker {id}: saved its work and stopped"


asyncio.run(main())
