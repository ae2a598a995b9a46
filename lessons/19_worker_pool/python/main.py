"""Lesson 19's Python twin: the asyncio docs' worker pool, on fixed durations:
three workers, queue.join(), then the workers are cancelled."""

import asyncio

# How long each job takes, in seconds, in the order they are queued.
JOBS = [0.8, 0.3, 0.5, 0.4, 0.6, 0.2, 0.7, 0.9, 0.1, 0.5]
WORKERS = 3


async def run_worker(name, queue, start):
    loop = asyncio.get_running_loop()
    while True:
        number, duration = await queue.get()
        await asyncio.sleep(duration)
        now = loop.time() - start
        print(f"{now:.1f}s {name} finished job {number} ({duration:.1f}s)")
        # Forget this call and join() never returns; call it twice and join()
        # returns while a job is still running.
        queue.task_done()


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    queue = asyncio.Queue()
    work = 0.0
    for number, duration in enumerate(JOBS, start=1):
        work += duration
        queue.put_nowait((number, duration))

    workers = []
    for i in range(WORKERS):
        worker = asyncio.create_task(run_worker(f"worker-{i}", queue, start))
        workers.append(worker)
    # Every job was taken and marked done: the workers now wait on an empty queue,
    # forever, so they are cancelled, and awaited until they are.
    await queue.join()
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)

    print("====")
    print(f"{WORKERS} workers did {work:.1f}s of work in {loop.time() - start:.1f}s")


asyncio.run(main())
