//! `shipwise schema`: the committed schemas are what the command prints, every example validates
//! against them, wrong workloads and records fail them as they fail shipwise itself, and a
//! `--rules` pack's own facts appear in them.

use std::path::{Path, PathBuf};

mod common;

use common::{run, scratch, shipwise};
use shipwise::Workload;
use shipwise::yaml::Source;

const KINDS: [&str; 3] = ["workload", "decision", "cases"];

/// `shipwise [global...] schema KIND`, parsed.
fn schema(global: &[&str], kind: &str) -> serde_json::Value {
    let args: Vec<&str> = global.iter().copied().chain(["schema", kind]).collect();
    let (code, stdout, stderr) = run(&args);
    assert_eq!((code, stderr.as_str()), (0, ""), "shipwise {args:?}");
    serde_json::from_str(&stdout).expect("the schema is JSON")
}

/// A compiled schema; format assertions on, as an editor would check `format: date`.
struct Validator {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Validator {
    fn new(schema: serde_json::Value) -> Self {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.enable_format_assertions();
        compiler.add_resource("file:///shipwise.schema.json", schema).expect("the schema loads");
        let index = compiler
            .compile("file:///shipwise.schema.json", &mut schemas)
            .unwrap_or_else(|err| panic!("the schema compiles against the 2020-12 metaschema: {err:#}"));
        Validator { schemas, index }
    }

    fn of(kind: &str) -> Self {
        Validator::new(schema(&[], kind))
    }

    /// Validates a YAML document (parsed as shipwise parses YAML).
    fn check(&self, yaml: &str) -> Result<(), String> {
        let document: serde_json::Value = Source::new("t.yaml", yaml).parse().expect("valid YAML");
        self.schemas.validate(&document, self.index).map_err(|err| format!("{err:#}"))
    }
}

fn files(dir: &str, extensions: &[&str]) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the folder exists")
        .map(|entry| entry.expect("readable").path())
        .filter(|path| path.extension().is_some_and(|ext| extensions.iter().any(|e| ext == *e)))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no files in {}", dir.display());
    files
}

/// A decision record's YAML: the file itself, or a Markdown file's front matter.
fn record_yaml(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("readable");
    if path.extension().is_some_and(|ext| ext == "md") {
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("---"), "{} opens with front matter", path.display());
        lines.take_while(|line| *line != "---").map(|line| format!("{line}\n")).collect()
    } else {
        text
    }
}

#[test]
fn the_committed_schemas_are_what_shipwise_prints() {
    for kind in KINDS {
        let (code, printed, _) = run(&["schema", kind]);
        assert_eq!(code, 0);
        let path = format!("schema/{kind}.schema.json");
        let committed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&path))
            .unwrap_or_else(|err| panic!("{path}: {err}"));
        assert!(
            committed == printed,
            "{path} is out of date with the default pack; regenerate it with\n  cargo run -- schema {kind} > {path}"
        );
    }
}

#[test]
fn the_schemas_describe_the_pack_in_force() {
    let workload = schema(&[], "workload");
    assert_eq!(workload["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let rules = shipwise::embedded::default_rules();
    for (_, fact) in rules.catalog.iter() {
        let property = &workload["properties"][&fact.group]["properties"][&fact.name];
        assert_eq!(property["title"], fact.id.as_str(), "{} is in the schema", fact.id);
        assert!(property["description"].as_str().is_some_and(|d| d.starts_with(&fact.prompt)), "{}", fact.id);
    }
    let decision = schema(&[], "decision");
    let platforms = &decision["properties"]["shipwise"]["properties"]["platform"]["enum"];
    let ids: Vec<&str> = rules.platforms.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(platforms, &serde_json::json!(ids));
}

/// Every YAML file in `dir` opens with the modeline naming `schema` and passes `validator`.
fn assert_files_pass(dir: &str, schema: &str, validator: &Validator) {
    for path in files(dir, &["yaml"]) {
        let text = std::fs::read_to_string(&path).expect("readable");
        let modeline = format!("# yaml-language-server: $schema={schema}\n");
        assert!(text.starts_with(&modeline), "{} should open with {modeline:?}", path.display());
        if let Err(err) = validator.check(&text) {
            panic!("{} does not pass {schema}: {err}", path.display());
        }
    }
}

#[test]
fn every_example_workload_passes_the_workload_schema_and_names_it() {
    assert_files_pass("examples/workloads", "../../schema/workload.schema.json", &Validator::of("workload"));
}

#[test]
fn every_example_decision_passes_the_decision_schema() {
    let validator = Validator::of("decision");
    for path in files("examples/decisions", &["md", "yaml"]) {
        if path.extension().is_some_and(|ext| ext == "yaml") {
            let text = std::fs::read_to_string(&path).expect("readable");
            assert!(
                text.starts_with("# yaml-language-server: $schema=../../schema/decision.schema.json\n"),
                "{} should open with the schema modeline",
                path.display()
            );
        }
        if let Err(err) = validator.check(&record_yaml(&path)) {
            panic!("{} does not pass the decision schema: {err}", path.display());
        }
    }
}

#[test]
fn the_workload_schema_refuses_what_shipwise_refuses() {
    let validator = Validator::of("workload");
    let rules = shipwise::embedded::default_rules();
    let refused = [
        ("unknown top-level key", "tema:\n  kubernetes_experience: none\n"),
        ("unknown fact", "team:\n  kubernetes_experiance: none\n"),
        ("misspelt value", "team:\n  kubernetes_experience: expert\n"),
        ("below the minimum", "requirements:\n  max_task_vcpu: 0.1\n"),
        ("above the maximum", "requirements:\n  max_task_vcpu: 1000\n"),
        ("text for a boolean", "requirements:\n  gpu: \"true\"\n"),
        ("YAML 1.1 boolean", "requirements:\n  gpu: yes\n"),
        ("a number as text", "workload:\n  services: \"4\"\n"),
        ("a group that is not a mapping", "team: none\n"),
        ("a fact without a value", "requirements:\n  gpu:\n"),
        ("a name that is not text", "name: 42\n"),
        ("a name on two lines", "name: \"a\\nb\"\n"),
        ("a list", "- team\n"),
    ];
    for (why, text) in refused {
        assert!(validator.check(text).is_err(), "the schema should refuse {why}:\n{text}");
        assert!(Workload::parse(&Source::new("w.yaml", text), &rules).is_err(), "shipwise should refuse {why}");
    }
    let accepted = [
        ("nothing stated", "name: quiet\n"),
        ("an empty group", "team: {}\n"),
        ("the bounds themselves", "requirements:\n  max_task_vcpu: 0.25\n  max_task_memory_gib: 24576\n"),
        ("a whole number written as a float", "workload:\n  services: 4.0\n"),
        ("a name with accents", "name: café-api\n"),
    ];
    for (why, text) in accepted {
        if let Err(err) = validator.check(text) {
            panic!("the schema should accept {why}: {err}");
        }
        assert!(Workload::parse(&Source::new("w.yaml", text), &rules).is_ok(), "shipwise should accept {why}");
    }
}

#[test]
fn the_decision_schema_refuses_broken_records() {
    let validator = Validator::of("decision");
    let dir = scratch("schema-decisions");
    std::fs::write(dir.join("w.yaml"), "name: w\n").expect("write the workload");
    let record = |rest: &str| format!("status: accepted\nshipwise:\n{rest}");
    // (why, record, whether `shipwise check` reports an error too)
    let refused = [
        ("no shipwise block", "status: accepted\n".to_string(), false),
        ("an unknown platform", record("  platform: ecs-fargte\n  workload: w.yaml\n"), true),
        ("a misspelt key", record("  platfrom: ecs-fargate\n  workload: w.yaml\n"), true),
        ("no workload", record("  platform: ecs-fargate\n"), true),
        ("a workload that is a list", record("  platform: ecs-fargate\n  workload: [w.yaml]\n"), true),
        (
            "an inline workload with an unknown fact",
            record("  platform: ecs-fargate\n  workload:\n    team:\n      gpu: true\n"),
            true,
        ),
        (
            "a waiver without a reason",
            record("  platform: eks-ec2\n  workload: w.yaml\n  waiver:\n    owner: x\n"),
            true,
        ),
        ("a blank reason", record("  platform: eks-ec2\n  workload: w.yaml\n  waiver:\n    reason: \"  \"\n"), true),
        (
            "a waiver with an unknown key",
            record("  platform: eks-ec2\n  workload: w.yaml\n  waiver:\n    reason: r\n    until: 2027-01-01\n"),
            true,
        ),
        // shipwise reads it, but a waiver whose date cannot be read never counts.
        (
            "an expiry that is not a date",
            record("  platform: eks-ec2\n  workload: w.yaml\n  waiver:\n    reason: r\n    expires: next spring\n"),
            false,
        ),
    ];
    for (index, (why, text, check_errors)) in refused.iter().enumerate() {
        assert!(validator.check(text).is_err(), "the schema should refuse {why}:\n{text}");
        if *check_errors {
            let path = dir.join(format!("{index}.yaml"));
            std::fs::write(&path, text).expect("write the record");
            let output = shipwise().args(["check"]).arg(&path).output().expect("runs");
            assert_eq!(output.status.code(), Some(2), "`shipwise check` should report an error for {why}");
        }
    }
    let accepted = [
        record("  platform: ecs-fargate\n  workload: ../workloads/checkout-api.yaml\n"),
        record(
            "  platform: ecs-fargate\n  workload:\n    name: inline\n    team:\n      kubernetes_experience: none\n",
        ),
        record(
            "  platform: eks-ec2\n  workload: w.yaml\n  waiver:\n    reason: shared cluster\n    owner: 42\n    expires: 2027-03-31\n",
        ),
    ];
    for text in accepted {
        if let Err(err) = validator.check(&text) {
            panic!("the schema should accept\n{text}\n{err}");
        }
    }
}

#[test]
fn an_organisation_pack_adds_its_facts_to_both_schemas() {
    let dir = scratch("schema-org-pack");
    std::fs::write(
        dir.join("org.yaml"),
        "facts:\n  - id: org.data_classification\n    type: enum\n    values:\n      public: Anyone may see it.\n      \
         restricted: Cardholder or health data.\n    default: public\n    prompt: How sensitive is the data?\n    \
         help: Restricted data runs only on audited platforms.\n",
    )
    .expect("write the pack");
    let pack = dir.display().to_string();
    let workload = schema(&["--rules", &pack], "workload");
    let fact = &workload["properties"]["org"]["properties"]["data_classification"];
    assert_eq!(fact["enum"], serde_json::json!(["public", "restricted"]));
    assert_eq!(fact["default"], "public");
    assert!(fact["description"].as_str().is_some_and(|d| d.contains("Restricted data runs only on audited")));
    let decision = schema(&["--rules", &pack], "decision");
    assert_eq!(decision["$defs"]["workload"]["properties"]["org"], workload["properties"]["org"]);

    let uses_it = "name: vault\norg:\n  data_classification: restricted\n";
    assert!(Validator::new(workload).check(uses_it).is_ok(), "the org schema knows the org fact");
    assert!(Validator::of("workload").check(uses_it).is_err(), "the default schema does not");
}

#[test]
fn every_pack_test_file_passes_the_cases_schema_and_names_it() {
    let validator = Validator::of("cases");
    assert_files_pass("rules/tests", "../../schema/cases.schema.json", &validator);
    // The organisation pack's cases name its own facts and rules, so they need its own schema,
    // which it keeps beside them.
    let org = Validator::new(schema(&["--rules", "examples/org-pack"], "cases"));
    let committed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/org-pack/cases.schema.json"))
            .expect("the org pack keeps its schema");
    let (_, printed, _) = run(&["--rules", "examples/org-pack", "schema", "cases"]);
    assert!(
        committed == printed,
        "examples/org-pack/cases.schema.json is out of date; regenerate it with\n  \
         cargo run -- --rules examples/org-pack schema cases > examples/org-pack/cases.schema.json"
    );
    assert_files_pass("examples/org-pack/tests", "../cases.schema.json", &org);
    for path in files("examples/org-pack/tests", &["yaml"]) {
        let text = std::fs::read_to_string(&path).expect("readable");
        assert!(validator.check(&text).is_err(), "the default schema does not know Acme's facts and rules");
    }
}

#[test]
fn the_cases_schema_refuses_what_rules_test_refuses() {
    let validator = Validator::of("cases");
    let good = "cases:\n  - name: GPU\n    workload: { requirements: { gpu: true } }\n    expect: { top: [ecs-ec2, eks-ec2], fires: [fargate-no-gpu] }\n";
    assert_eq!(validator.check(good), Ok(()));
    for bad in [
        "cases: []\n",
        "cases:\n  - name: x\n    workload: {}\n    expect: { top: eks-ec }\n",
        "cases:\n  - name: x\n    workload: {}\n    expect: { fires: [fargate-no-gpus] }\n",
        "cases:\n  - name: x\n    workload: {}\n    expect: { notes: [fargate-no-gpu] }\n",
        "cases:\n  - name: x\n    workload: {}\n    expect: { order: [eks-ec2] }\n",
        "cases:\n  - name: x\n    workload: { requirements: { gpus: true } }\n    expect: { top: eks-ec2 }\n",
        "cases:\n  - name: x\n    workload: {}\n    expected: { top: eks-ec2 }\n",
        "cases:\n  - workload: {}\n    expect: { top: eks-ec2 }\n",
    ] {
        assert!(validator.check(bad).is_err(), "the schema accepts {bad:?}");
    }
}

#[test]
fn a_broken_pack_is_bad_input() {
    let (code, stdout, stderr) = run(&["--rules", "no/such/dir", "schema", "workload"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.starts_with("error: ") && stderr.contains("no such rule-pack folder"), "{stderr}");
}
