//! The pwingest process: logging to stderr, picking the command, and the
//! one place that turns an error into an exit status (sysexits).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use pwingest::cli::{Cli, Command, ConfigCommand, FailedCommand, ProjectCommand};
use pwingest::error::{Error, ErrorKind, Result};
use pwingest::messages::{self, MessagesCommand};
use pwingest::{commands, lmtp, manual, projects, web};

fn main() -> ExitCode {
    pwingest::logging::init();
    let cli = match Cli::try_parse_from(pwingest::cli::with_default_command(
        std::env::args_os().collect(),
    )) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 64 } else { 0 });
        }
    };
    let delivery = matches!(&cli.command, Command::Ingest(args) if args.is_delivery());
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if let ErrorKind::Io(io) = e.kind()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS; // `pwingest … | head` is not a failure
            }
            if delivery && e.exit_code() != e.delivery_exit_code() {
                eprintln!("pwingest: {e} (the MTA keeps the mail and retries it: exit 75)");
                return ExitCode::from(e.delivery_exit_code() as u8);
            }
            eprintln!("pwingest: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    pwingest::site_time::set_time_zone(&cli.time_zone)?;
    let db = cli.db;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout);
    let code = match cli.command {
        Command::Ingest(args) => commands::ingest(&db, &args, &mut out)?,
        Command::Project(ProjectCommand::Add(args)) => projects::add(&db, &args, &mut out)?,
        Command::Project(ProjectCommand::Edit(args)) => projects::edit(&db, &args, &mut out)?,
        Command::Project(ProjectCommand::Remove(args)) => projects::remove(&db, &args, &mut out)?,
        Command::Project(ProjectCommand::List(api)) => projects::list(&db, &api, &mut out)?,
        Command::Export(args) => commands::export(&db, &args, &mut out)?,
        Command::Show(args) => commands::show(&db, &args, &mut out)?,
        Command::Failed(FailedCommand::List { json }) => {
            messages::failed_list(&db, json, &mut out)?
        }
        Command::Failed(FailedCommand::Retry { ids, json }) => {
            messages::failed_retry(&db, &ids, json, &mut out)?
        }
        Command::Messages(MessagesCommand::List(args)) => messages::list(&db, &args, &mut out)?,
        Command::Messages(MessagesCommand::Show(args)) => messages::show(&db, &args, &mut out)?,
        Command::Config(ConfigCommand::Show) => commands::config_show(&db, &mut out)?,
        Command::Config(ConfigCommand::Set(args)) => commands::config_set(&db, &args, &mut out)?,
        Command::Man { out_dir } => manual::man(out_dir.as_deref(), &mut out)?,
        Command::Completions { shell } => manual::completions(shell, &mut out)?,
        Command::Serve(args) => {
            drop(out);
            return lmtp::serve_blocking(&db, args).map(|()| 0);
        }
        Command::Web(args) => {
            drop(out);
            return web::serve_blocking(&db, args).map(|()| 0);
        }
    };
    out.flush().map_err(Error::from)?;
    Ok(code)
}
