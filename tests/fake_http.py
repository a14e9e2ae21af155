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


class ScriptedServer(FakeHTTPServer):
    """A scripted model provider: records every request (headers, JSON body) in `requests`, in order;
    the `hang_at`-th (1-based) never gets an answer (freed by close()); a POST to another path than
    ROUTE is a 404 with `not_found(path)`; else `reply(body, number)` is the JSON it answers."""

    ROUTE: str

    def __init__(self, hang_at: int | None = None):
        super().__init__()
        self.hang_at = hang_at
        self.requests: list[tuple[dict, dict]] = []
        self.lock = threading.Lock()

    def respond(self, path: str, headers: dict, raw: bytes) -> dict:
        body = json.loads(raw or b"{}")
        with self.lock:
            self.requests.append((headers, body))
            number = len(self.requests)
        if number == self.hang_at:
            return {"delay": 600, "silent": True}  # a provider that never answers (freed by close())
        if path != self.ROUTE:
            return {"status": 404, "body": self.not_found(path)}
        return {"body": self.reply(body, number)}

    def not_found(self, path: str) -> dict:
        return {"error": {"type": "not_found", "message": path}}

    def reply(self, body: dict, number: int) -> dict:
        raise NotImplementedError
