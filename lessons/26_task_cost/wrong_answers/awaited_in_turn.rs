// Each task is awaited as soon as it is spawned, before the next one exists.
let mut sum = 0;
for i in 0..TASKS {
    sum += tokio::spawn(job(i, gauge.clone())).await.unwrap();
}
sum
