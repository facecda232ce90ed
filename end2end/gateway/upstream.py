"""The API behind the gateway: answers 200 with the consumer headers nginx passed on."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Echo(BaseHTTPRequestHandler):
    def _answer(self):
        body = json.dumps({
            "path": self.path,
            "consumer": self.headers.get("X-Consumer-ID"),
            "username": self.headers.get("X-Consumer-Username"),
            "credential": self.headers.get("X-Credential-Identifier"),
            "application": self.headers.get("X-Application-ID"),
            "groups": self.headers.get("X-Consumer-Groups"),
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_DELETE = do_PUT = _answer

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
