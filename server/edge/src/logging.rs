//! The Worker's log: the portal's `tracing` events as console lines, which `wrangler tail`
//! (and `wrangler dev`) show. No timestamps (the runtime adds its own, and reading the
//! system clock panics on wasm32), no colours.

use std::io::Write;

/// Installed when the instance starts; a second call (a fresh instance) changes nothing.
pub fn install() {
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .without_time()
        .with_ansi(false)
        .with_writer(|| ConsoleLine(Vec::new()))
        .finish();
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// One event's text, handed to the console when the event is written out.
struct ConsoleLine(Vec<u8>);

impl Write for ConsoleLine {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for ConsoleLine {
    fn drop(&mut self) {
        let line = String::from_utf8_lossy(&self.0);
        let line = line.trim_end();
        if !line.is_empty() {
            worker::console_log!("{line}");
        }
    }
}
