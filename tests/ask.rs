//! `shipwise ask` driven in a real pseudo-terminal, as a person would: answer, go back with Esc,
//! change an answer from the review screen, finish, and read the saved files; and quit with Ctrl-C.

use std::path::{Path, PathBuf};
use std::process::Command;

use rexpect::ReadUntil;
use rexpect::session::{PtySession, spawn_command};

const ESC: &str = "\x1b";
const ENTER: &str = "\r";

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("decisions")).expect("scratch folder");
    dir
}

fn ask(dir: &Path, args: &[&str]) -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shipwise"));
    command.arg("ask").args(args).current_dir(dir).env("COLUMNS", "100").env("TERM", "xterm");
    spawn_command(command, Some(15_000)).expect("shipwise starts in a pseudo-terminal")
}

/// Types keys and makes sure they reach the program (the pty writer is buffered).
fn press(session: &mut PtySession, keys: &str) {
    session.send(keys).expect("send keys");
    session.flush().expect("flush keys");
}

/// Sends Enter until the review screen shows (every question keeps its highlighted answer).
fn enter_until_review(session: &mut PtySession) {
    for _ in 0..60 {
        press(session, ENTER);
        let (_, found) = session
            .exp_any(vec![ReadUntil::String("review your answers".into()), ReadUntil::String("· question".into())])
            .expect("a question or the review");
        if found.contains("review") {
            return;
        }
    }
    panic!("the review screen never came");
}

fn exit_code(session: &PtySession) -> String {
    format!("{:?}", session.process().wait().expect("the process ends"))
}

#[test]
fn a_person_answers_goes_back_edits_in_review_and_saves() {
    let dir = scratch("ask-session");
    let mut session = ask(&dir, &["--save", "checkout.yaml", "--record", "decisions/0001-platform.md"]);
    session.exp_string("question 1").expect("the first question");
    session.exp_string("Who will run the platform").expect("its prompt");
    // Pick "dedicated-platform-team" by its number, then come back with Esc: the answer is undone.
    press(&mut session, "3");
    session.exp_string("question 2").expect("the second question");
    press(&mut session, ESC);
    session.exp_string("question 1").expect("back on the first question");
    enter_until_review(&mut session);
    session.exp_string("Show the recommendation").expect("the finish line");
    // Go to the top of the review, change the first answer, and come back to the review.
    for _ in 0..60 {
        press(&mut session, "k");
    }
    press(&mut session, ENTER);
    session.exp_string("Who will run the platform").expect("the question again");
    press(&mut session, "3");
    // A platform team makes other questions matter (Kubernetes experience, ...): they are asked
    // before the review comes back.
    session.exp_string("How much Kubernetes experience").expect("a question that now matters");
    enter_until_review(&mut session);
    press(&mut session, ENTER);
    session.exp_string("fits best").expect("the recommendation");
    session.exp_string("Wrote the decision record").expect("the files are written");
    session.exp_eof().expect("ends");
    assert!(exit_code(&session).contains(", 0)"), "{}", exit_code(&session));

    let saved = std::fs::read_to_string(dir.join("checkout.yaml")).expect("the workload is saved");
    assert!(
        saved.contains("  # Who will run the platform day to day?\n  ops_capacity: dedicated-platform-team\n"),
        "{saved}"
    );
    let record = std::fs::read_to_string(dir.join("decisions/0001-platform.md")).expect("the record is written");
    assert!(record.starts_with("---\nstatus: proposed\n"), "{record}");
    assert!(record.contains("  workload: \"../checkout.yaml\"\n"), "{record}");
    assert!(record.contains("## Validation"), "{record}");

    // The saved answers read back unchanged: `recommend` gives the same top platform.
    let output = Command::new(env!("CARGO_BIN_EXE_shipwise"))
        .args(["recommend", "checkout.yaml", "--format", "json"])
        .current_dir(&dir)
        .output()
        .expect("runs");
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let top = report["ranking"][0]["platform"].as_str().expect("a platform");
    assert!(record.contains(&format!("  platform: {top}\n")), "{record}");

    // `check` accepts the record as written, and it passes.
    let output = Command::new(env!("CARGO_BIN_EXE_shipwise")).arg("check").current_dir(&dir).output().expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.ends_with("1 decision: 1 pass, 0 warn, 0 fail, 0 waived, 0 error\n"), "{stdout}");
}

#[test]
fn ctrl_c_quits_with_130_and_writes_nothing() {
    let dir = scratch("ask-quit");
    let mut session = ask(&dir, &["--save", "w.yaml"]);
    session.exp_string("question 1").expect("the first question");
    press(&mut session, "1");
    session.exp_string("question 2").expect("the second question");
    session.send_control('c').expect("send Ctrl-C");
    session.exp_eof().expect("ends");
    assert!(exit_code(&session).contains(", 130)"), "{}", exit_code(&session));
    assert!(!dir.join("w.yaml").exists());
    assert_eq!(std::fs::read_dir(&dir).expect("lists").count(), 1, "only the decisions folder: no temporary files");
}

#[test]
fn answers_given_up_front_go_straight_to_the_review() {
    let dir = scratch("ask-answers");
    let workload = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/workloads/payments-platform.yaml");
    let workload = workload.display().to_string();
    let mut session = ask(&dir, &["--answers", &workload, "--set", "placement.govcloud=false"]);
    // Only what the file leaves open and could still change the answer is asked.
    session.exp_string("about 0 more to go").expect("the one open question");
    session.exp_string("Where must the workload run?").expect("placement.on_premises");
    enter_until_review(&mut session);
    press(&mut session, ENTER);
    session.exp_string("payments-platform: eks-ec2").expect("the example's platform");
    let rest = session.exp_eof().expect("ends");
    // The --set answer counts as stated: it is not among the assumptions.
    assert!(
        rest.contains("Assumptions")
            && !rest.contains("placement.govcloud = ")
            && rest.contains("placement.local_zones = "),
        "{rest}"
    );
}

#[test]
fn a_file_created_during_the_questions_is_not_replaced_without_force() {
    let dir = scratch("ask-race");
    let mut session = ask(&dir, &["--save", "w.yaml"]);
    session.exp_string("question 1").expect("the first question");
    // Someone else writes the file while the questions are on screen.
    std::fs::write(dir.join("w.yaml"), "name: theirs\n").expect("write");
    enter_until_review(&mut session);
    press(&mut session, ENTER);
    session.exp_string("w.yaml already exists").expect("refused at write time");
    session.exp_eof().expect("ends");
    assert!(exit_code(&session).contains(", 2)"), "{}", exit_code(&session));
    assert_eq!(std::fs::read_to_string(dir.join("w.yaml")).expect("theirs"), "name: theirs\n");
    assert_eq!(std::fs::read_dir(&dir).expect("lists").count(), 2, "no temporary file is left");
}

#[test]
fn dont_know_everywhere_records_a_decision_check_accepts() {
    let dir = scratch("ask-dont-know");
    let mut session = ask(&dir, &["--record", "decisions/0001.md", "--name", "unknowns"]);
    for _ in 0..60 {
        let (_, found) = session
            .exp_any(vec![ReadUntil::String("review your answers".into()), ReadUntil::String("· question".into())])
            .expect("a question or the review");
        if found.contains("review") {
            break;
        }
        // "don't know" is the last choice of every question.
        for _ in 0..20 {
            press(&mut session, "\x1b[B");
        }
        press(&mut session, ENTER);
    }
    press(&mut session, ENTER);
    session.exp_string("Wrote the decision record").expect("written");
    session.exp_eof().expect("ends");
    let record = std::fs::read_to_string(dir.join("decisions/0001.md")).expect("the record");
    assert!(record.contains("  workload:\n    name: \"unknowns\"\n"), "{record}");
    let output = Command::new(env!("CARGO_BIN_EXE_shipwise")).arg("check").current_dir(&dir).output().expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.ends_with("1 decision: 1 pass, 0 warn, 0 fail, 0 waived, 0 error\n"), "{stdout}");
}
