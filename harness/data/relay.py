"""evalrun's in-container model relay (stdlib only): TCP 127.0.0.1:PORT -> a Unix socket.

    python3 relay.py PORT SOCKET

An agent CLI inside the container (which has no network) talks HTTP to 127.0.0.1:PORT; every
connection's bytes are pumped unchanged to SOCKET, a Unix socket bind-mounted from the host, where
evalrun's model bridge (harness/agents/bridge.py) answers. No key and no provider address are ever
known here. Prints READY once listening.
"""

import socket
import sys
import threading


def pump(source, sink):
    try:
        while True:
            data = source.recv(1 << 16)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def connect(client, path):
    upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        upstream.connect(path)
    except OSError:
        client.close()
        upstream.close()
        return
    back = threading.Thread(target=pump, args=(upstream, client), daemon=True)
    back.start()
    pump(client, upstream)
    back.join()
    client.close()
    upstream.close()


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    listener = socket.create_server(("127.0.0.1", port))
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    while True:
        client, _ = listener.accept()
        threading.Thread(target=connect, args=(client, path), daemon=True).start()


if __name__ == "__main__":
    main()
