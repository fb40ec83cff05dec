//! `shipwise batch PATH...`: evaluate every workload file under the paths on all cores, in path
//! order, streaming the results so that memory stays flat however many files there are.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use serde::Serialize;

use super::Outcome;
use super::walk::{Found, walk};
use crate::cli::{BatchArgs, BatchFormat};
use crate::engine::evaluate;
use crate::fence::Fence;
use crate::portfolio::{PortfolioSummary, Row};
use crate::render::Style;
use crate::render::batch::{csv_header, csv_row, markdown, table};
use crate::report::Report;
use crate::ruleset::RuleSet;
use crate::workload::Workload;
use std::sync::Arc;

/// How many files are evaluated together before their results are written, in order.
const CHUNK: usize = 1024;

/// One evaluated file: its row and, for JSON formats, its report as JSON.
struct Item {
    row: Row,
    json: Option<Vec<u8>>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    file: &'a str,
    error: &'a str,
}

/// Runs `batch`.
pub(super) fn run(rules: &RuleSet, args: &BatchArgs, style: Style) -> Result<Outcome> {
    if !(args.close.is_finite() && args.close >= 0.0) {
        bail!("--close takes a number of points of at least 0");
    }
    let found = find(&args.paths, &args.glob, args.allow_outside)?;
    if found.is_empty() {
        let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        bail!("no workload files found in {}; batch reads *.yaml and *.yml files (see --glob)", paths.join(", "));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")?;
    let json = matches!(args.format, BatchFormat::Json | BatchFormat::Jsonl);
    let progress = Progress::new(found.len());

    // Workers evaluate one chunk while the writer prints the one before, in order.
    let (summary, written) = std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Item>>(2);
        let writer = scope.spawn(move || write_items(receiver, args, style));
        for chunk in found.chunks(CHUNK) {
            let items: Vec<Item> = pool.install(|| chunk.par_iter().map(|f| evaluate_found(rules, f, json)).collect());
            if sender.send(items).is_err() {
                break; // the writer stopped (a closed pipe): no point evaluating more
            }
            progress.advance(chunk.len());
        }
        drop(sender);
        progress.finish();
        writer.join().expect("the writer thread does not panic")
    });
    match written {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => return Ok(Outcome::Done),
        other => other.context("cannot write to standard output")?,
    }
    Ok(if summary.errors > 0 { Outcome::BadInput } else { Outcome::Done })
}

/// Prints items as they arrive, in the chosen format; returns the summary and how writing went.
fn write_items(
    receiver: std::sync::mpsc::Receiver<Vec<Item>>,
    args: &BatchArgs,
    style: Style,
) -> (PortfolioSummary, std::io::Result<()>) {
    let mut summary = PortfolioSummary::default();
    let mut rows = Vec::new(); // kept only for the table and Markdown formats
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = (|| {
        match args.format {
            BatchFormat::Csv => out.write_all(csv_header().as_bytes())?,
            BatchFormat::Json => out.write_all(b"{\"schema_version\":1,\"items\":[")?,
            _ => {}
        }
        let mut first = true;
        for items in receiver.iter() {
            for item in items {
                summary.add(&item.row, args.close);
                match args.format {
                    BatchFormat::Jsonl => {
                        out.write_all(item.json.as_deref().unwrap_or_default())?;
                        out.write_all(b"\n")?;
                    }
                    BatchFormat::Json => {
                        if !first {
                            out.write_all(b",")?;
                        }
                        out.write_all(item.json.as_deref().unwrap_or_default())?;
                    }
                    BatchFormat::Csv => out.write_all(crate::escape::output(&csv_row(&item.row)).as_bytes())?,
                    BatchFormat::Table | BatchFormat::Markdown => rows.push(item.row),
                }
                first = false;
            }
        }
        match args.format {
            BatchFormat::Json => {
                let summary = crate::escape::json(serde_json::to_string(&summary).expect("a summary serialises"));
                writeln!(out, "],\"summary\":{summary}}}")?;
            }
            BatchFormat::Table => {
                out.write_all(crate::escape::output(&table(&rows, &summary, args.close, style)).as_bytes())?;
            }
            BatchFormat::Markdown => {
                out.write_all(crate::escape::output(&markdown(&rows, &summary, args.close)).as_bytes())?;
            }
            BatchFormat::Jsonl | BatchFormat::Csv => {}
        }
        out.flush()
    })();
    (summary, written)
}

/// Every workload file under the paths, sorted, and the problems met on the way. Each path is
/// fenced at its project root unless `--allow-outside`.
fn find(paths: &[PathBuf], globs: &[String], allow_outside: bool) -> Result<Vec<Found>> {
    let mut patterns = ignore::overrides::OverrideBuilder::new("/");
    let globs: Vec<&str> =
        if globs.is_empty() { vec!["*.yaml", "*.yml"] } else { globs.iter().map(String::as_str).collect() };
    for glob in &globs {
        patterns.add(glob).with_context(|| format!("--glob {glob} is not a valid pattern"))?;
    }
    let patterns = Arc::new(patterns.build().context("invalid --glob patterns")?);
    let mut found = Vec::new();
    for root in paths {
        if !root.exists() && root.symlink_metadata().is_err() {
            bail!("{}: no such file or folder", root.display());
        }
        let fence = Fence::around(root, allow_outside);
        let mut builder = ignore::WalkBuilder::new(root);
        builder.require_git(false);
        let patterns = Arc::clone(&patterns);
        let wanted = move |path: &Path| {
            let name = path.file_name().map(Path::new).unwrap_or(path);
            patterns.matched(name, false).is_whitelist()
        };
        for entry in walk(root, builder, &fence, wanted, |_| false) {
            match entry {
                Found::File(path) if path.to_str().is_none() => {
                    let shown = path.display().to_string();
                    found.push(Found::Problem(path, format!("{shown}: the file name is not UTF-8; rename it")));
                }
                other => found.push(other),
            }
        }
    }
    found.sort_by(|a, b| key(a).cmp(key(b)));
    Ok(found)
}

fn key(found: &Found) -> &str {
    found.path().to_str().unwrap_or("")
}

/// Reads, evaluates and renders one file; never fails, an error becomes the item.
fn evaluate_found(rules: &RuleSet, found: &Found, json: bool) -> Item {
    let (file, result) = match found {
        Found::Problem(place, message) => (place.display().to_string(), Err(message.clone())),
        Found::File(path) => {
            let file = path.display().to_string();
            let file = file.strip_prefix("./").map(str::to_string).unwrap_or(file);
            let result = crate::commands::read_source(path)
                .and_then(|source| Workload::parse(&source, rules))
                .map_err(|e| e.to_string());
            (file, result)
        }
    };
    match result {
        Ok(workload) => {
            let evaluation = evaluate(rules, &workload);
            let row = Row::of(rules, &workload, &evaluation, &file);
            let json = json.then(|| {
                let mut report = Report::new(rules, &workload, &evaluation, false);
                report.file = Some(&file);
                report.current = row.current.as_deref();
                crate::escape::json(serde_json::to_string(&report).expect("a report serialises")).into_bytes()
            });
            Item { row, json }
        }
        Err(message) => {
            let json = json.then(|| {
                let error = serde_json::to_string(&JsonError { file: &file, error: &message }).expect("serialises");
                crate::escape::json(error).into_bytes()
            });
            Item { row: Row::error(&file, message), json }
        }
    }
}

/// A progress line on stderr, only when stderr is a terminal and the run is long enough to wait.
struct Progress {
    total: usize,
    done: std::cell::Cell<usize>,
    shown: bool,
}

impl Progress {
    fn new(total: usize) -> Self {
        Progress { total, done: std::cell::Cell::new(0), shown: total > 2 * CHUNK && std::io::stderr().is_terminal() }
    }

    fn advance(&self, count: usize) {
        self.done.set(self.done.get() + count);
        if self.shown {
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r{} of {} workloads", self.done.get(), self.total);
            let _ = stderr.flush();
        }
    }

    fn finish(&self) {
        if self.shown {
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r{:width$}\r", "", width = 40);
            let _ = stderr.flush();
        }
    }
}
