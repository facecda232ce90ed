"""An HTTP e-mail API for the tests of the Worker: takes the JSON Gatehouse posts (from, to,
subject, text) and stores each message in a Maildir, as the SMTP sink does for the native
server, so the same tests read it.

    python3 mail_api_sink.py PORT MAILDIR
"""

import json
import mailbox
import sys
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        try:
            sent = json.loads(self.rfile.read(length))
            message = EmailMessage()
            message["From"] = sent["from"]
            message["To"] = ", ".join(sent["to"])
            message["Subject"] = sent["subject"]
            # Quoted-printable, as the SMTP path sends long lines: the tests decode it.
            message.set_content(sent["text"], cte="quoted-printable")
        except (ValueError, KeyError, TypeError) as error:
            self.send_response(422)
            self.end_headers()
            self.wfile.write(f"not an e-mail: {error}".encode())
            return
        mailbox.Maildir(sys.argv[2]).add(message)
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id":"stored"}')

    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"mail sink")

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
