// `map` is lazy: each task is spawned only when the `for` loop asks for it, after
// the one before has been awaited. The three run one after another.
let jobs = (1..=3).map(|i| smol::spawn(smol_job(i, tx.clone(), flight.clone())));
let mut results = Vec::new();
for job in jobs {
    results.push(job.await);
}
