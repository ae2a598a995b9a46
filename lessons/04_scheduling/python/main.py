"""Lesson 04's Python twin: call_soon, call_later, call_at and
call_soon_threadsafe."""

import asyncio
import threading


def main():
    # A loop we drive ourselves: run_forever() runs callbacks until one calls stop().
    loop = asyncio.new_event_loop()

    def callback(label, start):
        print(f"callback '{label}' at {loop.time() - start:.1f}s")

    def stop_loop(start):
        print(f"stop_loop at {loop.time() - start:.1f}s")
        loop.stop()

    print("-- call_soon, call_later, call_at --")
    start = loop.time()
    # Added in this order; they run in deadline order, the call_soon ones first.
    loop.call_later(2, callback, "later 2s", start)
    loop.call_later(1, callback, "later 1s", start)
    loop.call_later(3, callback, "later 3s", start)
    loop.call_at(start + 2.5, callback, "at 2.5s", start)
    loop.call_soon(callback, "soon 1", start)
    loop.call_soon(callback, "soon 2", start)
    loop.call_later(3.5, stop_loop, start)
    loop.run_forever()
    print(f"loop stopped at {loop.time() - start:.1f}s")

    print("-- from a plain thread --")
    # Every timer above has fired, so none is pending while the loop waits for the
    # thread (the virtual clock of `verify` would jump to it otherwise).

    def say(what):
        thread = threading.current_thread()
        name = "main" if thread is threading.main_thread() else thread.name
        print(f"[{name}] {what}")

    def finish():
        say("the worker has finished")
        loop.stop()

    def work():
        say("hands a callback and three messages to the loop")
        # The loop's methods assume the loop's own thread, and loop.call_soon() from
        # here would not wake a loop asleep in select(). call_soon_threadsafe does.
        loop.call_soon_threadsafe(say, "callback from the worker")
        for n in range(1, 4):
            loop.call_soon_threadsafe(say, f"received {n}")
        loop.call_soon_threadsafe(finish)

    worker = threading.Thread(target=work, name="worker")
    worker.start()
    loop.run_forever()
    worker.join()

    print("-- stopping right away --")
    start = loop.time()
    later = [
        loop.call_later(1, callback, "later 1s", start),
        loop.call_later(2, callback, "later 2s", start),
    ]
    loop.call_soon(callback, "soon", start)
    loop.call_soon(stop_loop, start)
    loop.run_forever()
    print(f"loop stopped at {loop.time() - start:.1f}s")
    waiting = sum(1 for timer in later if timer.when() > loop.time())
    print(f"{waiting} callbacks still waiting")
    # The timers stay scheduled in the stopped loop; close() throws them away.
    loop.close()


main()
