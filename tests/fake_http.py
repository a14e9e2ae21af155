"""A local HTTP server for tests that stand in for a model provider: every POST is recorded and
answered by the subclass's `respond`."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeHTTPServer:
    """Serves on 127.0.0.1 in a thread. `respond(path, headers, raw)` returns a reply:
    {"status", "body" (bytes or JSON-able), "content_type", "headers", "delay" (seconds to wait
    first, cut short by close()), "silent" (send nothing)}; every key is optional."""

    def __init__(self):
        self.release = threading.Event()  # set by close(): frees handlers that simulate a hang
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                reply = server.respond(self.path, {k.lower(): v for k, v in self.headers.items()}, raw)
                if reply.get("delay"):
                    server.release.wait(reply["delay"])
                if reply.get("silent"):
                    return
                body = reply.get("body", {})
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(reply.get("status", 200))
                    self.send_header("content-type", reply.get("content_type", "application/json"))
                    self.send_header("content-length", str(len(data)))
                    for name, value in reply.get("headers", {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (a timeout test)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def respond(self, path: str, headers: dict, raw: bytes) -> dict:
        raise NotImplementedError

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
