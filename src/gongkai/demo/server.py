"""Serve a generated county on loopback: one port per unit site, all in one background thread.

One aiohttp application answers on every port and picks the site by the port the request came
in on. Files are served as written (GBK sites stay GBK bytes; their HTML is sent as plain
``text/html`` so the ``<meta charset="gb2312">`` decides, as on old servers); missing files get
a 404 page; a site marked unreachable answers 503 to everything.

``python -m gongkai.demo.server DIR`` serves a generated county for a person to browse.
"""

from __future__ import annotations

import argparse
import asyncio
import mimetypes
import socket
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

from aiohttp import web

from gongkai.demo.manifest import CountyManifest, UnitSite

_NOT_FOUND = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>404 页面不存在</title></head>'
    "<body><h1>404</h1><p>您访问的页面不存在或已被删除。</p></body></html>"
)
_UNAVAILABLE = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>503 服务不可用</title></head>'
    "<body><h1>503 Service Unavailable</h1><p>服务器暂时无法处理请求。</p></body></html>"
)
_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class RunningCounty:
    """The served county: ``urls`` maps unit name to its home page URL. Close it when done."""

    def __init__(
        self,
        root: Path,
        manifest: CountyManifest,
        host: str,
        base_port: int,
        unreachable: Iterable[str] | None,
    ) -> None:
        self.root = Path(root).resolve()
        self.manifest = manifest
        self.host = host
        wanted = (
            [u.name for u in manifest.units if u.unreachable] if unreachable is None else list(unreachable)
        )
        unknown = [name for name in wanted if name not in {u.name for u in manifest.units}]
        if unknown:
            raise ValueError(f"样例县中没有这些单位:{'、'.join(unknown)}")
        self.unreachable: set[str] = set(wanted)
        self._sockets: list[socket.socket] = []
        try:
            for i in range(len(manifest.units)):
                self._sockets.append(_bind(host, base_port + i if base_port else 0))
        except ValueError:
            for sock in self._sockets:
                sock.close()
            raise
        self._by_port: dict[int, UnitSite] = {}
        self.urls: dict[str, str] = {}
        for unit, sock in zip(manifest.units, self._sockets, strict=True):
            port = sock.getsockname()[1]
            self._by_port[port] = unit
            shown = f"[{host}]" if ":" in host else host
            self.urls[unit.name] = f"http://{shown}:{port}/"
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="gongkai-demo-county", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            self.close()
            raise RuntimeError(f"样例县网站启动失败:{self._error}") from self._error

    def set_unreachable(self, name: str, unreachable: bool = True) -> None:
        """Make one site answer 503 (or serve it again)."""
        self.manifest.unit(name)  # KeyError with a Chinese message for an unknown unit
        (self.unreachable.add if unreachable else self.unreachable.discard)(name)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._start())
        except BaseException as exc:  # reported to the starting thread
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get("/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        for sock in self._sockets:
            await web.SockSite(self._runner, sock).start()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        unit = self._by_port.get(sockname[1]) if sockname else None
        if unit is None:
            return web.Response(status=404, text=_NOT_FOUND, content_type="text/html")
        if unit.name in self.unreachable:
            return web.Response(status=503, text=_UNAVAILABLE, content_type="text/html")
        site = self.root / unit.slug
        path = request.path
        target = (site / path.lstrip("/")).resolve()
        if path.endswith("/") or target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(site) or not target.is_file():
            return web.Response(status=404, text=_NOT_FOUND, content_type="text/html")
        suffix = target.suffix.lower()
        content_type = (
            _TYPES.get(suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        )
        charset = "utf-8" if suffix in (".html", ".css") and unit.encoding == "utf-8" else None
        return web.Response(body=target.read_bytes(), content_type=content_type, charset=charset)

    def close(self) -> None:
        """Stop every site and the background thread (idempotent)."""
        if self._thread.is_alive():
            if self._runner is not None:
                asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        for sock in self._sockets:
            sock.close()
        if not self._loop.is_closed() and not self._thread.is_alive():
            self._loop.close()

    def __enter__(self) -> RunningCounty:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ValueError(f"无法在 {host}:{port} 上监听:{exc.strerror or exc}") from None
    sock.setblocking(False)
    return sock


def serve_county(
    root: Path,
    manifest: CountyManifest | None = None,
    *,
    host: str = "127.0.0.1",
    base_port: int = 0,
    unreachable: Iterable[str] | None = None,
) -> RunningCounty:
    """Serve every unit site of a generated county; returns when all ports accept connections.

    ``base_port`` 0 picks free ports; otherwise unit *i* gets ``base_port + i``. ``unreachable``
    names the units answering 503 (default: those the manifest marks unreachable). The manifest
    is read from ``root`` when not given.
    """
    if host not in ("127.0.0.1", "::1", "localhost"):
        raise ValueError(f"样例县网站只在本机回环地址上提供服务,不能监听 {host}")
    manifest = manifest if manifest is not None else CountyManifest.load(root)
    return RunningCounty(Path(root), manifest, host, base_port, unreachable)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gongkai.demo.server", description="在本机提供样例县各单位网站"
    )
    parser.add_argument("root", type=Path, help="生成的样例县目录(含 manifest.json)")
    parser.add_argument("--host", default="127.0.0.1", help="监听地址(仅限回环地址)")
    parser.add_argument(
        "--base-port", type=int, default=0, help="第一个网站的端口,其余依次加一;0 表示自动选择"
    )
    args = parser.parse_args(argv)
    try:
        county = serve_county(args.root, host=args.host, base_port=args.base_port)
    except (ValueError, RuntimeError) as exc:
        print(f"错误:{exc}", file=sys.stderr)
        return 2
    # Ctrl+C may come while the list is still printing: the whole body stops cleanly
    with county:
        try:
            print(
                f"{county.manifest.county}样例县网站已启动(检查日期 {county.manifest.as_of}),按 Ctrl+C 停止:"
            )
            for unit in county.manifest.units:
                note = "(模拟无法访问,返回 503)" if unit.name in county.unreachable else ""
                print(f"  {unit.name:　<10} {county.urls[unit.name]}{note}")
            threading.Event().wait()
        except KeyboardInterrupt:
            print("已停止。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
