"""A tiny authoritative DNS server on loopback (UDP), built with dnspython, for the IPv6 check."""

from __future__ import annotations

import socket
import threading

import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset


class DnsServer:
    """Answers AAAA queries from a fixed table; unknown names get NXDOMAIN."""

    def __init__(self, aaaa: dict[str, list[str]]) -> None:
        self.aaaa = {name.rstrip(".").lower() + ".": addrs for name, addrs in aaaa.items()}
        self.queries: list[str] = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self.sock.getsockname()[1]}"
        self._stop = False

    def start(self) -> DnsServer:
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop = True
        self.sock.close()

    def _serve(self) -> None:
        while not self._stop:
            try:
                data, peer = self.sock.recvfrom(4096)
            except OSError:
                return
            query = dns.message.from_wire(data)
            response = dns.message.make_response(query)
            question = query.question[0]
            name = question.name.to_text().lower()
            self.queries.append(name)
            if name not in self.aaaa:
                response.set_rcode(dns.rcode.NXDOMAIN)
            elif question.rdtype == dns.rdatatype.AAAA and self.aaaa[name]:
                response.answer.append(dns.rrset.from_text(name, 60, "IN", "AAAA", *self.aaaa[name]))
            self.sock.sendto(response.to_wire(), peer)
