// A plausible wrong answer: no sleep at all, a loop that watches the clock instead.
let begun = Instant::now();
while begun.elapsed() < WORK {}
