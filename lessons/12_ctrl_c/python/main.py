"""Lesson 12's Python twin: the articles' Ctrl+C recipe, with the step it lacks."""

import asyncio
import signal

# How long each worker's cleanup takes, in seconds: worker 1 is the slowest.
CLEANUP = {1: 0.3, 2: 0.1, 3: 0.2}


def main():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # what the articles' get_event_loop() did
    workers = [loop.create_task(worker(id), name=f"worker {id}") for id in CLEANUP]
    print(f"spawned {len(workers)} workers")
    # KeyboardInterrupt comes from Python's own SIGINT handler, which Python installs
    # only if SIGINT was not ignored when it started (as in a background job): insist.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # Invite Ctrl+C a moment later, once every task is parked at an await and the loop
    # waits in select(). Python's SIGINT handler raises KeyboardInterrupt wherever the
    # program happens to be; inside a task's step, it would end that task instead.
    loop.call_later(0.1, print, "running; press Ctrl+C to stop")
    try:
        loop.run_until_complete(asyncio.wait(workers))
    except KeyboardInterrupt:
        print("Ctrl+C received: shutting down")
        # Every task not yet done: the workers, and Task-1, which run_until_complete
        # made to run the coroutine that asyncio.wait(workers) returned.
        for task in sorted(asyncio.all_tasks(loop), key=asyncio.Task.get_name):
            name, coro = task.get_name(), task.get_coro().__qualname__
            print(f"{name} runs {coro}(): cancel() returned {task.cancel()}")
        # stop() then run_forever(): exactly one turn of the loop, which throws
        # CancelledError into each task. Enough for wait(), not for a cleanup that
        # awaits: the workers are still at it.
        loop.stop()
        loop.run_forever()
        cleaning = asyncio.all_tasks(loop)
        print(f"after stop() and run_forever(): {len(cleaning)} still cleaning up")
        # The articles close the loop here, and those cleanups never finish. Run the
        # loop until they have, as asyncio.run does for the tasks left at its end.
        loop.run_until_complete(asyncio.gather(*cleaning, return_exceptions=True))
        for task in workers:  # in spawn order, whatever order they finished in
            print(task.result())
        print("all workers stopped; exiting")
    finally:
        loop.close()


async def worker(id):
    try:
        while True:
            await asyncio.sleep(1)  # one unit of work
    except asyncio.CancelledError:
        # Clean up (this may await), then return a report instead of re-raising: the
        # task refuses to be cancelled, as the Rust worker returns after its token
        # fires. Do it sparingly: TaskGroup and asyncio.timeout() are built on
        # cancellation and can misbehave when a coroutine swallows CancelledError
        # (Task.uncancel() exists for them). The idiomatic stop signal is an
        # asyncio.Event, the true counterpart of a CancellationToken; or clean up,
        # re-raise, and collect with gather(..., return_exceptions=True).
        await asyncio.sleep(CLEANUP[id])
        millis = round(CLEANUP[id] * 1000)
        return f"worker {id}: saved its work in {millis}ms, then stopped"


main()
