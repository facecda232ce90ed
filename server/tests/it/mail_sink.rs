//! A real mail server for the tests, writing into a Maildir: Python's aiosmtpd (from PyPI)
//! for the native server's SMTP, or, when the tests run against the Worker, the HTTP e-mail
//! API sink of the end-to-end tests (`end2end/mail_api_sink.py`).

use std::{
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use tempfile::TempDir;

pub struct MailSink {
    /// The setting that sends a test app's mail here, and its value.
    setting: (&'static str, String),
    dir: TempDir,
    child: Child,
}

/// The mail setting of the target under test, pointing at `port` on this machine.
fn mail_setting(port: u16) -> (&'static str, String) {
    if crate::helpers::on_workers() {
        (
            "GATEHOUSE_MAIL_API_URL",
            format!("http://127.0.0.1:{port}/emails"),
        )
    } else {
        ("GATEHOUSE_SMTP_URL", format!("smtp://127.0.0.1:{port}"))
    }
}

/// A mail setting pointing at a port nobody listens on.
pub fn unreachable_mail_setting() -> (&'static str, String) {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    mail_setting(port)
}

impl MailSink {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("a maildir");
        for sub in ["tmp", "new", "cur"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = Command::new("python3");
        if crate::helpers::on_workers() {
            let sink = concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end/mail_api_sink.py");
            command.arg(sink).arg(port.to_string());
        } else {
            command
                .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
                .args(["-c", "aiosmtpd.handlers.Mailbox"]);
        }
        let child = command
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 with aiosmtpd (scripts/test installs it from PyPI)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "the mail sink did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Self {
            setting: mail_setting(port),
            dir,
            child,
        }
    }

    /// The setting (name, value) that sends a test app's mail here.
    pub fn setting(&self) -> (&'static str, &str) {
        (self.setting.0, &self.setting.1)
    }

    /// The raw messages received so far.
    pub fn messages(&self) -> Vec<String> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path().join("new"))
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .map(|raw| decode_quoted_printable(&raw))
            .collect()
    }

    /// Waits (up to 15 s) for a message to `recipient` whose text contains `needle`.
    pub async fn wait_for(&self, recipient: &str, needle: &str) -> String {
        let started = Instant::now();
        loop {
            if let Some(found) = self
                .messages()
                .into_iter()
                .find(|m| m.contains(&format!("To: {recipient}")) && m.contains(needle))
            {
                return found;
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "no message to {recipient} containing {needle:?}; got {:#?}",
                self.messages()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The `token=` value of the (first) link in a message.
pub fn link_token(message: &str) -> String {
    let start = message.find("token=").expect("a link with a token") + "token=".len();
    message[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// Long lines (links) arrive quoted-printable; tests read the text as the recipient would.
fn decode_quoted_printable(raw: &str) -> String {
    if !raw.contains("Content-Transfer-Encoding: quoted-printable") {
        return raw.to_string();
    }
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Drop for MailSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
