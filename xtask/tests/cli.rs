//! The runner's error paths, end to end, against the fixture workbook in
//! `tests/fixtures/workbook` (std-only lessons that pass, hang, panic, fail to
//! build or print the wrong thing).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workbook")
}

/// Runs `cargo xtask ARGS` against the workbook at `root`.
fn xtask_in(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("WORKBOOK_ROOT", root)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-target"),
        )
        .env("NO_COLOR", "1")
        .output()
        .expect("the xtask binary runs")
}

fn xtask(args: &[&str]) -> Output {
    xtask_in(&fixture(), args)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A copy of the fixture workbook (without build output) to break on purpose.
fn copy_of_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_passing_lesson_passes_with_wildcards() {
    let out = xtask(&["run", "1"]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(all.contains("the output matches"), "{all}");
}

#[test]
fn lessons_are_found_by_number_folder_or_topic() {
    for name in ["1", "01", "01_hello", "hello", "lessons/01_hello/"] {
        let out = xtask(&["verify", name]);
        assert!(out.status.success(), "{name}: {}", text(&out));
    }
}

#[test]
fn an_unknown_lesson_lists_the_valid_ones() {
    let out = xtask(&["run", "42"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("there is no lesson `42`"), "{all}");
    for lesson in ["01  hello", "02  hangs", "05  wrong_output"] {
        assert!(all.contains(lesson), "{lesson} missing from: {all}");
    }
}

#[test]
fn a_hanging_lesson_is_killed_with_its_process_group() {
    let started = std::time::Instant::now();
    let out = xtask(&["verify", "02"]);
    let all = text(&out);
    assert!(!out.status.success(), "{all}");
    assert!(
        all.contains("killed after 2s, the lesson's timeout"),
        "{all}"
    );
    assert!(
        started.elapsed().as_secs() < 30,
        "the runner waited too long"
    );
    // The grandchild `sleep 1000` printed its pid; it must be gone too.
    let pid = all
        .lines()
        .find_map(|l| l.trim_start_matches(['+', ' ']).strip_prefix("child "))
        .expect("the pid line");
    let pid: u32 = pid.trim().parse().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let alive = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|s| !s.contains(") Z "));
    assert!(!alive, "grandchild {pid} survived the timeout");
}

#[test]
fn a_panicking_lesson_shows_its_stderr_and_the_diff() {
    let out = xtask(&["verify", "panics"]);
    let all = text(&out);
    assert!(!out.status.success(), "{all}");
    assert!(
        all.contains("ended with exit code 101, expected exit code 0"),
        "{all}"
    );
    assert!(all.contains("index out of bounds"), "{all}");
    assert!(all.contains("-after"), "{all}");
}

#[test]
fn a_lesson_that_does_not_compile_shows_the_compiler_error_only() {
    let out = xtask(&["run", "04"]);
    let all = text(&out);
    assert!(!out.status.success(), "{all}");
    assert!(all.contains("does not compile"), "{all}");
    assert!(all.contains("error[E0308]: mismatched types"), "{all}");
    assert!(
        all.contains("lessons/04_broken_build/src/main.rs:2"),
        "{all}"
    );
    assert!(!all.contains("Compiling"), "cargo's noise leaked: {all}");
}

#[test]
fn a_wrong_output_gets_a_diff_of_only_what_differs() {
    let out = xtask(&["verify", "05"]);
    let all = text(&out);
    assert!(!out.status.success(), "{all}");
    assert!(all.contains("-two\n+TWO\n"), "{all}");
    assert!(!all.contains("-one"), "{all}");
}

#[test]
fn verify_ends_with_a_count_and_fails_if_any_fail() {
    let out = xtask(&["verify", "1", "3", "5"]);
    let all = text(&out);
    assert!(!out.status.success(), "{all}");
    assert!(all.contains("1 passed, 2 failed"), "{all}");
    assert!(
        all.contains("FAILED 03_panics") && all.contains("FAILED 05_wrong_output"),
        "{all}"
    );
}

#[test]
fn malformed_metadata_names_file_and_line() {
    let dir = copy_of_fixture();
    let meta = dir.path().join("lessons/01_hello/lesson.toml");
    std::fs::write(
        &meta,
        "title = \"x\"\nchapter = \"c\"\ntopics = [\"T01\"]\nclock = \"sometimes\"\n",
    )
    .unwrap();
    let out = xtask_in(dir.path(), &["list"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("lessons/01_hello/lesson.toml:4:"), "{all}");
    assert!(all.contains("sometimes"), "{all}");
}

#[test]
fn a_malformed_expected_file_names_file_and_line() {
    let dir = copy_of_fixture();
    std::fs::write(
        dir.path().join("lessons/01_hello/expected.txt"),
        "hello\n...\n...\n",
    )
    .unwrap();
    let out = xtask_in(dir.path(), &["verify", "1"]);
    let all = text(&out);
    assert!(!out.status.success(), "{all}");
    assert!(
        all.contains("lessons/01_hello/expected.txt:3: two `...` lines in a row"),
        "{all}"
    );
}

#[test]
fn signals_are_sent_when_their_line_appears() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("python3 not found: skipped");
        return;
    }
    // The twin catches SIGINT and says so; the Rust side is lesson 12's job.
    let out = xtask(&["run", "6", "--python"]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(all.contains("got SIGINT"), "{all}");
}

#[test]
fn a_missing_python_is_explained() {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["run", "6", "--python"])
        .env("WORKBOOK_ROOT", fixture())
        .env("WORKBOOK_PYTHON", "/nonexistent/python3")
        .output()
        .unwrap();
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("need `python3`"), "{all}");
}

#[test]
fn every_command_has_help() {
    let commands = [
        "start",
        "list",
        "run",
        "verify",
        "bless",
        "book",
        "exercise",
        "check",
        "hint",
        "watch",
        "progress",
        "reset",
        "solution",
        "report",
        "grade",
        "verify-exercises",
        "test",
    ];
    for command in commands {
        let out = xtask(&[command, "--help"]);
        let all = text(&out);
        assert!(out.status.success(), "{command}: {all}");
        assert!(all.contains("Usage: cargo xtask"), "{command}: {all}");
    }
}

/// The student's copy of fixture lesson 01 in `dir`, rewritten so that its
/// exercise region holds `code`.
fn answer(dir: &Path, code: &str) {
    let path = dir.join("exercises/01_hello/src/main.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    let begin = "// EXERCISE greet: Print hello.\n";
    let start = text.find(begin).expect("the opening marker") + begin.len();
    let end = text
        .find("    // END EXERCISE greet")
        .expect("the closing marker");
    std::fs::write(&path, format!("{}{code}\n{}", &text[..start], &text[end..]))
        .unwrap();
}

#[test]
fn a_student_works_through_an_exercise() {
    let dir = copy_of_fixture();
    let root = dir.path();

    let out = xtask_in(root, &["check", "1"]);
    assert!(
        text(&out).contains("cargo xtask exercise 01"),
        "a missing copy names the command: {}",
        text(&out)
    );

    let out = xtask_in(root, &["exercise", "1"]);
    assert!(out.status.success(), "{}", text(&out));
    let copy =
        std::fs::read_to_string(root.join("exercises/01_hello/src/main.rs")).unwrap();
    assert!(
        copy.contains(
            "// EXERCISE greet: Print hello.\n    todo!();\n    // END EXERCISE greet"
        ),
        "{copy}"
    );

    // Unsolved: the todo!() is reached, and the checker says so.
    let out = xtask_in(root, &["check", "1"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("reached a `todo!()`"), "{}", text(&out));

    // A compile error names the student's file, from the workbook's root.
    answer(root, "    println!(\"{}\", undefined_name);");
    let out = xtask_in(root, &["check", "1"]);
    let all = text(&out);
    assert!(
        all.contains("does not compile")
            && all.contains("exercises/01_hello/src/main.rs:7:20"),
        "{all}"
    );

    // A hang is killed at the timeout, with a hint about awaiting forever.
    answer(
        root,
        "    loop { std::thread::sleep(std::time::Duration::from_secs(1)); }",
    );
    let out = xtask_in(root, &["check", "1"]);
    let all = text(&out);
    assert!(
        all.contains("killed after 2s") && all.contains("never completes"),
        "{all}"
    );

    // A busy loop is told apart from a wait that never ends.
    answer(root, "    loop { std::hint::spin_loop(); }");
    let all = text(&xtask_in(root, &["check", "1"]));
    assert!(
        all.contains("killed after 2s")
            && all.contains("It was busy, not waiting")
            && !all.contains("never completes"),
        "{all}"
    );

    // A known mistake is named only for its own cause: the same output, two causes.
    answer(root, "    println!(\"{}\", \"hello\".to_uppercase());");
    let all = text(&xtask_in(root, &["check", "1"]));
    assert!(
        all.contains("no need to convert") && !all.contains("Not so loud"),
        "{all}"
    );
    // A known mistake is named, and `hint` repeats it before the next hint.
    answer(root, "    println!(\"HELLO\");");
    let all = text(&xtask_in(root, &["check", "1"]));
    assert!(all.contains("known mistake: Not so loud."), "{all}");
    let all = text(&xtask_in(root, &["hint", "1"]));
    assert!(
        all.contains("Not so loud.")
            && all.contains("Hint 1 of 2: Say hello.")
            && !all.contains("Hint 2"),
        "{all}"
    );
    let all = text(&xtask_in(root, &["hint", "1"]));
    assert!(all.contains("Hint 2 of 2: Use println!."), "{all}");

    // `exercise` never overwrites work; `solution` asks first.
    let all = text(&xtask_in(root, &["exercise", "1"]));
    assert!(all.contains("already holds your work"), "{all}");
    let out = xtask_in(root, &["solution", "1"]);
    assert!(
        !out.status.success() && text(&out).contains("--yes"),
        "{}",
        text(&out)
    );

    // Solved.
    answer(root, "    println!(\"hello\");");
    let out = xtask_in(root, &["check", "1"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("exercise 01 passes"), "{}", text(&out));
    let all = text(&xtask_in(root, &["progress"]));
    assert!(all.contains("1 of 1 exercises done"), "{all}");
    let report: serde_json::Value =
        serde_json::from_slice(&xtask_in(root, &["report", "--json"]).stdout)
            .unwrap();
    assert_eq!(report["exercises"][0]["passed"], true);
    assert_eq!(report["exercises"][0]["attempts"], 7); // a check without a copy does not count
    let all = text(&xtask_in(root, &["solution", "1"]));
    assert!(all.contains("println!(\"hello\");"), "{all}");

    // Reset keeps a backup.
    xtask_in(root, &["reset", "1"]);
    assert!(root.join("exercises/01_hello/src/main.rs.bak").is_file());

    // A teacher grades this student, whose copy now shows a known mistake, and an empty one.
    answer(root, "    println!(\"HELLO\");");
    let empty = tempfile::tempdir().unwrap();
    let out = xtask_in(
        &fixture(),
        &[
            "grade",
            "--json",
            root.to_str().unwrap(),
            empty.path().to_str().unwrap(),
        ],
    );
    let grades: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", text(&out)));
    // Grading re-checks the copy now; it does not trust the log, which says passed.
    assert_eq!(grades[0]["exercises"][0]["passed"], false);
    assert_eq!(
        grades[0]["exercises"][0]["known_mistakes"],
        serde_json::json!(["Not so loud."])
    );
    assert_eq!(grades[0]["exercises"][0]["submitted"], true);
    assert_eq!(grades[1]["exercises"][0]["submitted"], false);
}

#[test]
fn verify_exercises_requires_each_wrong_answer_to_get_only_its_own_hint() {
    let dir = copy_of_fixture();
    let root = dir.path();
    let out = xtask_in(root, &["verify-exercises", "1"]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(
        all.contains("wrong_answers/silent.rs: rejected, no hint")
            && all.contains("wrong_answers/upper.rs: rejected with its hint only"),
        "{all}"
    );

    // A hint worded too broadly fires for another wrong answer's cause as well.
    let toml = root.join("lessons/01_hello/lesson.toml");
    let text_before = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text_before.replace("code_lacks = \"to_uppercase\"\n", ""),
    )
    .unwrap();
    let out = xtask_in(root, &["verify-exercises", "1"]);
    let all = text(&out);
    assert!(!out.status.success(), "{all}");
    assert!(
        all.contains("`check` rejects wrong_answers/upper.rs but names")
            && all.contains("\"Not so loud.\""),
        "{all}"
    );

    // Fewer than three wrong answers is a problem of its own.
    std::fs::write(&toml, &text_before).unwrap();
    std::fs::remove_file(root.join("lessons/01_hello/wrong_answers/silent.rs"))
        .unwrap();
    let all = text(&xtask_in(root, &["verify-exercises", "1"]));
    assert!(all.contains("has 2 wrong answer(s)"), "{all}");
}

#[test]
fn bless_accepts_the_current_output_and_shows_the_diff() {
    let dir = copy_of_fixture();
    let out = xtask_in(dir.path(), &["bless", "5"]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(
        all.contains("-two\n+TWO"),
        "bless shows what it accepts: {all}"
    );
    let out = xtask_in(dir.path(), &["verify", "5"]);
    assert!(out.status.success(), "{}", text(&out));
    // A second bless finds nothing to change, and keeps wildcards that still match.
    let all = text(&xtask_in(dir.path(), &["bless", "1"]));
    assert!(all.contains("already matches; left as it is"), "{all}");
    let kept =
        std::fs::read_to_string(dir.path().join("lessons/01_hello/expected.txt"))
            .unwrap();
    assert!(kept.contains("took [..] ms"), "{kept}");
}

#[test]
fn a_compiler_message_that_changed_fails_verify() {
    let dir = copy_of_fixture();
    let mistakes = dir.path().join("lessons/01_hello/mistakes");
    std::fs::create_dir_all(&mistakes).unwrap();
    std::fs::write(
        mistakes.join("unused.rs"),
        "fn main() {\n    let x = 1;\n}\n",
    )
    .unwrap();
    std::fs::write(
        mistakes.join("unused.stderr"),
        "warning: unused variable: `x`\n --> mistakes/unused.rs:2:9\n...\n",
    )
    .unwrap();
    let out = xtask_in(dir.path(), &["verify", "1"]);
    assert!(
        out.status.success(),
        "the real warning matches: {}",
        text(&out)
    );
    std::fs::write(
        mistakes.join("unused.stderr"),
        "warning: unused variable: `y`\n...\n",
    )
    .unwrap();
    let out = xtask_in(dir.path(), &["verify", "1"]);
    let all = text(&out);
    assert!(!out.status.success(), "{all}");
    assert!(all.contains("rustc no longer says what"), "{all}");
    assert!(
        all.contains(
            "-warning: unused variable: `y`\n+warning: unused variable: `x`"
        ),
        "{all}"
    );
}

#[test]
fn a_lesson_that_changes_under_a_copy_is_noticed() {
    let dir = copy_of_fixture();
    let root = dir.path();
    let lesson = root.join("lessons/01_hello/src/main.rs");
    let change = |marker: &str| {
        let text = std::fs::read_to_string(&lesson).unwrap();
        std::fs::write(
            &lesson,
            text.replace("fn main() {", &format!("// {marker}\nfn main() {{")),
        )
        .unwrap();
    };
    xtask_in(root, &["exercise", "1"]);

    // Not edited by the student: a new version of the lesson simply replaces it.
    change("version 2");
    let all = text(&xtask_in(root, &["exercise", "1"]));
    assert!(
        all.contains("has changed since your copy was made"),
        "{all}"
    );
    let copy =
        std::fs::read_to_string(root.join("exercises/01_hello/src/main.rs")).unwrap();
    assert!(copy.contains("// version 2"), "{copy}");

    // Edited: the work is kept, and a failing check mentions the change.
    answer(root, "    println!(\"HELLO\");");
    change("version 3");
    let all = text(&xtask_in(root, &["exercise", "1"]));
    assert!(all.contains("already holds your work"), "{all}");
    let all = text(&xtask_in(root, &["check", "1"]));
    assert!(
        all.contains("lesson 01 has changed since your copy was made"),
        "{all}"
    );
}

#[test]
fn a_twin_whose_package_is_missing_is_skipped_except_under_ci() {
    let dir = copy_of_fixture();
    let meta = dir.path().join("lessons/06_signals/lesson.toml");
    let text_of = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(
        &meta,
        format!("{text_of}\n[python]\nrequires = [\"no_such_module_xyz\"]\n"),
    )
    .unwrap();
    let verify = |ci: &str| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["verify", "6", "--python"])
            .env("WORKBOOK_ROOT", dir.path())
            .env(
                "CARGO_TARGET_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-target"),
            )
            .env("NO_COLOR", "1")
            .env("CI", ci)
            .output()
            .unwrap()
    };
    let out = verify("false");
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(all.contains("twin SKIPPED"), "{all}");
    assert!(all.contains("cargo xtask python-setup"), "{all}");
    let out = verify("true");
    let all = text(&out);
    assert!(!out.status.success(), "{all}");
    assert!(all.contains("under CI no twin may be skipped"), "{all}");
    let run = xtask_in(dir.path(), &["run", "6", "--python"]);
    assert!(!run.status.success());
    assert!(text(&run).contains("no_such_module_xyz"), "{}", text(&run));
}
