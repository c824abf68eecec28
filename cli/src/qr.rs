//! `akashi qr …` (hidden, for tests and diagnostics): the QR transport of `core::present` on
//! files, so the interop tests can drive it from node. Not a user command (yet): the
//! presentation commands (`request` / `present` / `scan`) build on the same core API.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use akashi_core::present::{frames, qr, vpqr};

#[derive(clap::Args)]
pub struct QrArgs {
    #[command(subcommand)]
    command: QrCommand,
}

#[derive(clap::Subcommand)]
enum QrCommand {
    /// Print the VP1-B text of the presentation in FILE (legacy CBOR-LD, base32).
    VpqrEncode {
        /// A Verifiable Presentation (JSON).
        file: PathBuf,
    },
    /// Decode a VP1-B / VP1-R text (argument, or stdin when absent) and print the presentation.
    VpqrDecode {
        /// The text (VP1-…).
        text: Option<String>,
    },
    /// Print the QR frames (one per line) for FILE's bytes; with --png-dir also write each frame
    /// as DIR/frame-N.png (and --jpeg: .jpg too, for scan tests).
    Frames {
        /// Any file.
        file: PathBuf,
        /// Folder for one PNG per frame.
        #[arg(long)]
        png_dir: Option<PathBuf>,
    },
    /// Render TEXT as a PNG (scale 4) to OUT.
    Render {
        /// The text.
        text: String,
        /// Output PNG.
        out: PathBuf,
    },
    /// Print the text of every QR code in the PNG / JPEG images, one per line; with
    /// --assemble, feed them to a frame assembler and write the payload to stdout.
    Scan {
        /// Image files.
        images: Vec<PathBuf>,
        /// Assemble AKF1 frames and print the payload.
        #[arg(long)]
        assemble: bool,
    },
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("akashi qr: {msg}");
    ExitCode::from(2)
}

pub fn run(args: QrArgs) -> ExitCode {
    match args.command {
        QrCommand::VpqrEncode { file } => {
            let vp =
                match std::fs::read(&file).map_err(|e| e.to_string()).and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string())) {
                    Ok(v) => v,
                    Err(e) => return fail(format!("{}: {e}", file.display())),
                };
            match vpqr::encode(&vp) {
                Ok(t) => {
                    println!("{t}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        QrCommand::VpqrDecode { text } => {
            let text = match text {
                Some(t) => t,
                None => {
                    let mut s = String::new();
                    if let Err(e) = std::io::stdin().read_to_string(&mut s) {
                        return fail(e);
                    }
                    s.trim_end().to_string()
                }
            };
            match vpqr::decode(&text) {
                Ok(v) => {
                    println!("{v}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        QrCommand::Frames { file, png_dir } => {
            let bytes = match std::fs::read(&file) {
                Ok(b) => b,
                Err(e) => return fail(format!("{}: {e}", file.display())),
            };
            let set = match frames::encode(&bytes) {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            for (i, f) in set.frames.iter().enumerate() {
                println!("{f}");
                if let Some(dir) = &png_dir {
                    let png = match qr::render(f).and_then(|m| m.to_png(4)) {
                        Ok(p) => p,
                        Err(e) => return fail(e),
                    };
                    if let Err(e) = std::fs::write(dir.join(format!("frame-{}.png", i + 1)), png) {
                        return fail(e);
                    }
                }
            }
            ExitCode::SUCCESS
        }
        QrCommand::Render { text, out } => match qr::render(&text).and_then(|m| m.to_png(4)) {
            Ok(png) => match std::fs::write(&out, png) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(e),
            },
            Err(e) => fail(e),
        },
        QrCommand::Scan { images, assemble } => {
            let mut assembler = frames::Assembler::new();
            for path in images {
                let bytes = match std::fs::read(&path) {
                    Ok(b) => b,
                    Err(e) => return fail(format!("{}: {e}", path.display())),
                };
                let texts = match qr::decode_image(&bytes) {
                    Ok(t) => t,
                    Err(e) => return fail(format!("{}: {e}", path.display())),
                };
                for t in texts {
                    if assemble {
                        if let Err(e) = assembler.push(&t) {
                            return fail(format!("{}: {e}", path.display()));
                        }
                    } else {
                        println!("{t}");
                    }
                }
            }
            if assemble {
                let Some(payload) = assembler.complete() else {
                    return fail(format!("incomplete: missing frames {:?}", assembler.missing()));
                };
                use std::io::Write;
                if let Err(e) = std::io::stdout().write_all(&payload) {
                    return fail(e);
                }
            }
            ExitCode::SUCCESS
        }
    }
}
