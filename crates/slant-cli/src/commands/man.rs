//! `slant man`: the manual page (roff), on stdout or as one page per
//! subcommand in a folder.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::CommandFactory;

use crate::args::{Args, ManArgs};

pub fn run(args: &ManArgs) -> Result<ExitCode> {
    let command = Args::command();
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).map_err(|e| {
            anyhow!("{}: cannot create the folder ({e}); check that its parent is writable", dir.display())
        })?;
        clap_mangen::generate_to(command, dir)
            .map_err(|e| anyhow!("{}: cannot write the pages ({e}); check that it is writable", dir.display()))?;
    } else {
        let mut out = std::io::stdout().lock();
        clap_mangen::Man::new(command).render(&mut out)?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
