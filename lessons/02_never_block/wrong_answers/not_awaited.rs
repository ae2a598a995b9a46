// A plausible wrong answer: the async sleep is built but never awaited.
sleep(WORK);
