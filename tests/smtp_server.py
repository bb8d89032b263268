"""A small SMTP server on the loopback for delivery tests: it accepts mail, refuses the
addresses it is told to refuse with a 5xx or a 4xx, and records what it delivered."""

from __future__ import annotations

import socketserver
import threading
from dataclasses import dataclass, field


@dataclass
class Mailbox:
    delivered: list[str] = field(default_factory=list)  # one recipient per accepted message
    refuse: dict[str, str] = field(default_factory=dict)  # address → reply, e.g. "550 5.1.1 …"
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        box: Mailbox = self.server.mailbox  # type: ignore[attr-defined]
        self._reply("220 test.invalid ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self._reply("250 test.invalid")
            elif verb == "MAIL":
                recipients = []
                self._reply("250 2.1.0 OK")
            elif verb == "RCPT":
                address = command[command.index("<") + 1 : command.index(">")]
                refusal = box.refuse.get(address)
                if refusal:
                    self._reply(refusal)
                else:
                    recipients.append(address)
                    self._reply("250 2.1.5 OK")
            elif verb == "DATA":
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                while self.rfile.readline() not in (b".\r\n", b".\n", b""):
                    pass
                with box.lock:
                    box.delivered.extend(recipients)
                self._reply("250 2.0.0 queued")
            elif verb == "QUIT":
                self._reply("221 2.0.0 bye")
                return
            else:
                self._reply("250 OK")

    def _reply(self, text: str) -> None:
        self.wfile.write(f"{text}\r\n".encode())


class SMTPServer:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.mailbox = self.mailbox  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> SMTPServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
