        // A plausible wrong answer: a task per `send`, as `create_task(queue.put(x))`
        // would be. Each task waits for a slot, but the producer does not.
        {
            let tx = tx.clone();
            tokio::spawn(async move {
                tx.send(item).await.expect("the consumer hung up");
            });
        }
