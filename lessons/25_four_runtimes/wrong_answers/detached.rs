// Detached, the tasks run to the end; but nothing waits for them, so the results
// are read from the channel at once, before any job has sent its value.
for i in 1..=3 {
    smol::spawn(smol_job(i, tx.clone(), flight.clone())).detach();
}
let mut results = Vec::new();
while let Ok(value) = rx.try_recv() {
    results.push(value / 10 * (value / 10));
}
