    // A plausible wrong answer: closing the loop by dropping the runtime, which waits
    // for every blocking job to end, as `asyncio.run` waits for its executor.
    stop.notify_one();
    rt.block_on(server).expect("the server panicked");
    drop(rt);
